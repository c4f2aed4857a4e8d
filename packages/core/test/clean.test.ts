import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clean, ENGINE_VERSION, RULES } from "../src/index.js";
import { expectOffsetsMatch } from "./helpers.js";
import { generateDocument } from "../bench/generate.mjs";

const corpus = join(import.meta.dirname, "../../../corpus");
const documents = readdirSync(corpus).filter((f) => f.endsWith(".input.txt"));

describe("clean()", () => {
  it("returns one paragraph a line with a final newline, and a report with counts and the engine version", () => {
    const { text, report } = clean("(上接第三版)\n\n急难愁,\n\n盼问题。\n\n第3版\n");
    expect(text).toBe("急难愁,盼问题。\n");
    expect(report.engineVersion).toBe(ENGINE_VERSION);
    expect(report.counts).toEqual({ R0: 0, R1: 1, R2: 1, R3: 0, R4: 0, R5: 1 });
    expect(Object.keys(report.counts)).toEqual([...RULES]);
    expect(report.output).toEqual({ codePoints: 9, paragraphs: 1 });
  });

  it("decodes UTF-8 bytes with or without a byte-order mark and never throws on invalid bytes", () => {
    const plain = new TextEncoder().encode("你好。");
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(clean(plain).text).toBe("你好。\n");
    expect(clean(bom).text).toBe("你好。\n");
    expect(clean(bom).report.encoding).toMatchObject({ name: "utf-8", bom: true });
    const broken = clean(new Uint8Array([0xe4, 0xbd, 0x41, 0x42, 0xff, 0x0a]));
    expect(broken.report.encoding.invalidSequences).toBeGreaterThan(0);
    expect(broken.text).toContain("AB");
  });

  it("returns empty text for an empty or blank document, whatever Unicode spaces it holds", () => {
    expect(clean("").text).toBe("");
    expect(clean("\n\n \u3000\n").text).toBe("");
    // Found by fast-check: a line of U+2028 was kept as a paragraph.
    expect(clean("\u2028\n\u2000\u200a\n\u202f\u205f\u1680\n\u000b").text).toBe("");
    expect(clean("\u2028甲乙\u2029").text).toBe("甲乙\n");
  });

  it("handles CRLF and CR line ends and counts offsets in code points", () => {
    const { text, report } = clean("𠀀(上接第1版)甲乙丙,\r\n丁戊。\r第3版");
    expect(text).toBe("𠀀甲乙丙,丁戊。\n");
    expect(report.edits[0]).toMatchObject({ rule: "R1", start: 1, end: 8 });
  });

  it("never folds full-width punctuation or U+3000, and leaves clean text as it is", () => {
    const cleanText = [
      "　　本报讯（记者　李明）3月5日，全市经济工作会议召开。会议指出：“要坚持稳中求进！”",
      "　　会议强调，要做到以下几点；一是抓落实，二是抓创新……",
      "【编者按】太原明年「交答卷」，创建安全示范城？",
      "云冈机场“安智星”APP正式上线运行",
      "Mr. Harlan said the cost had not been fully reckoned.",
    ].join("\n") + "\n";
    const { text, report } = clean(cleanText);
    expect(text).toBe(cleanText);
    expect(report.edits).toEqual([]);
  });

  it("can skip rules", () => {
    const input = "第一段文字,内容完整而且足够长。\n第一段文字,内容完整而且足够长。";
    expect(clean(input).text.split("\n").filter(Boolean)).toHaveLength(1);
    expect(clean(input, { skip: ["R3"] }).text.split("\n").filter(Boolean)).toHaveLength(2);
  });

  it.each(documents)("reports true offsets and a kept twin for every removal in %s", (name) => {
    const bytes = readFileSync(join(corpus, name));
    const { report } = clean(bytes);
    const source = new TextDecoder().decode(bytes).replace(/^\ufeff/u, "");
    expectOffsetsMatch(source, report.edits);
    for (const e of report.edits) {
      expect(e.reason.length).toBeGreaterThan(10);
      if (e.rule === "R3" || e.rule === "R4") {
        expect(e.keptAt!.start).toBeLessThan(e.start);
        expect(e.keptAt!.paragraph).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it.each([1, 2, 3])("is idempotent, with no unstable break, on generated newspaper pages (seed %i)", (seed) => {
    const first = clean(generateDocument(150_000, seed));
    expect(first.report.warnings.filter((w) => w.kind === "unstable-break")).toEqual([]);
    expect(clean(first.text).text).toBe(first.text);
    expectOffsetsMatch(first.source, first.report.edits);
  });

  it.each(documents)("is idempotent on %s", (name) => {
    const once = clean(readFileSync(join(corpus, name))).text;
    expect(clean(once).text).toBe(once);
  });
});
