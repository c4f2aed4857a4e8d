import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clean, decodeInput, inspectBytes, utf16Order } from "../src/index.js";

const bin = join(import.meta.dirname, "../bin/pagemend.js");
const pagemend = (args: string[], input?: Buffer) => spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8" });

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
const text = "（上接第三版）\n与此同时,要解决好老百姓的急难愁\n盼问题。\nThe vote was seven to two.\n";

describe("one input policy for the CLI and the pipeline", () => {
  it("refuses known binary formats and bytes full of control characters, with why", () => {
    expect(inspectBytes(PNG)?.message).toBe("it is a PNG file, not text");
    expect(inspectBytes(Buffer.from("%PDF-1.7\n"))?.message).toContain("PDF");
    const controls = Buffer.alloc(2000, 0x41);
    for (let i = 0; i < 2000; i += 10) controls[i] = 0x02;
    expect(inspectBytes(controls)?.code).toBe("binary");
  });

  it("reads Chinese in UTF-16 without a mark as UTF-16, though `一` (U+4E00) puts zeros on the other side of its pairs", () => {
    const chinese = readFileSync(join(import.meta.dirname, "../../../corpus/000_21844d191f469e73.input.txt"), "utf8");
    expect(utf16Order(Buffer.from(chinese, "utf16le"))).toBe("utf-16le");
    expect(utf16Order(Buffer.from(chinese, "utf16le").swap16())).toBe("utf-16be");
    expect(inspectBytes(Buffer.from(chinese, "utf16le"))).toBeUndefined();
  });

  it("accepts text in every encoding the engine reads, UTF-16 without a byte-order mark too", () => {
    expect(inspectBytes(Buffer.from(text))).toBeUndefined();
    expect(inspectBytes(Buffer.from(text, "utf16le"))).toBeUndefined();
    expect(utf16Order(Buffer.from(text, "utf16le"))).toBe("utf-16le");
    expect(utf16Order(Buffer.from(text, "utf16le").swap16())).toBe("utf-16be");
    expect(utf16Order(Buffer.from(text))).toBeUndefined();
  });

  it("decodes UTF-16 without a byte-order mark as UTF-16, and cleans it like the same text in UTF-8", () => {
    const decoded = decodeInput(Buffer.from(text, "utf16le"));
    expect(decoded.encoding.name).toBe("utf-16le");
    expect(decoded.text).toBe(text);
    expect(clean(Buffer.from(text, "utf16le").swap16()).text).toBe(clean(text).text);
  });

  it("removes a few stray NULs as R0 edits instead of refusing the document", () => {
    const bytes = Buffer.from("The vote was seven\0 to two.\n");
    expect(inspectBytes(bytes)).toBeUndefined();
    const result = clean(bytes);
    expect(result.text).toBe("The vote was seven to two.\n");
    expect(result.report.edits).toEqual([expect.objectContaining({ rule: "R0", kind: "control-character", start: 18, end: 19, text: "\0" })]);
  });

  it("reports a reading with many undecodable characters as unsure, and cleans nothing of it", () => {
    // Random high bytes: no encoding reads them.
    const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i % 40 === 39 ? 0x0a : 0x80 + ((i * 73) % 0x7f))));
    const result = clean(noise);
    expect(result.report.encoding.confidence).toBeLessThan(0.5);
    expect(result.report.edits).toEqual([]);
    expect(result.report.warnings[0]).toMatchObject({ rule: "R0", kind: "unreadable" });
  });

  it("the CLI refuses binary input with exit 1 and one line, on a file, standard input and inside a folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "pagemend-policy-"));
    writeFileSync(join(dir, "img.png"), PNG);
    const file = pagemend(["clean", join(dir, "img.png")]);
    expect(file.status).toBe(1);
    expect(file.stdout).toBe("");
    expect(file.stderr).toBe(`pagemend: cannot clean ${join(dir, "img.png")}: it is a PNG file, not text\n`);
    expect(pagemend(["clean"], PNG).stderr).toBe("pagemend: cannot clean standard input: it is a PNG file, not text\n");
    mkdirSync(join(dir, "in"));
    writeFileSync(join(dir, "in/img.png"), PNG);
    writeFileSync(join(dir, "in/page.txt"), text);
    const folder = pagemend(["clean", join(dir, "in"), "--out", join(dir, "out")]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain("pagemend: cannot clean img.png: it is a PNG file, not text");
    expect(readFileSync(join(dir, "out/page.txt"), "utf8")).toBe(clean(text).text);
  });
});

describe("UTF-16 without a byte-order mark or any ASCII", () => {
  it("is weighed with the other readings and wins where it reads as Chinese", () => {
    const chinese = "与此同时，要高质量办好今年的十件民生实事，解决好老百姓的急难愁盼问题。全面落实总体国家安全观，增强忧患意识、责任意识。";
    const decoded = decodeInput(Buffer.from(chinese, "utf16le"));
    expect(decoded.encoding.name).toBe("utf-16le");
    expect(decoded.text).toBe(chinese);
    expect(decodeInput(Buffer.from(chinese, "utf16le").swap16()).encoding.name).toBe("utf-16be");
    // GB18030 text stays GB18030.
    expect(decodeInput(Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xca, 0xc0, 0xbd, 0xe7, 0xa3, 0xac, 0xd5, 0xe2, 0xca, 0xc7, 0xd2, 0xbb, 0xb8, 0xf6, 0xb2, 0xe2, 0xca, 0xd4, 0xa1, 0xa3])).encoding.name).toBe("gb18030");
  });
});

describe("the CLI's smaller edges", () => {
  it("says so in one line, and writes no text, when the report cannot be written", () => {
    const r = pagemend(["clean", "--report", "/nonexistent-folder/r.json"], Buffer.from(text));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("pagemend: cannot write the report to /nonexistent-folder/r.json: no such file or directory\n");
  });

  it("keeps each --explain entry on one line, whatever text it quotes", () => {
    const r = pagemend(["clean", "--explain"], Buffer.from("与此同时,要解决好老百姓的急难愁\n\n盼问题。\n"));
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("R2 join");
    expect(lines[1]).toContain("⏎");
  });
});
