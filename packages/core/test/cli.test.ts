import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clean } from "../src/index.js";

const bin = join(import.meta.dirname, "../bin/pagemend.js");
const pagemend = (args: string[], input?: string | Buffer) =>
  spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

const sample = "(上接第三版)\n\n与此同时,要解决好老百姓的急难愁\n\n盼问题。\n\n第3版\n";

describe("pagemend CLI", () => {
  it("cleans standard input to standard output", () => {
    const r = pagemend(["clean"], sample);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("与此同时,要解决好老百姓的急难愁盼问题。\n");
  });

  it("cleans a file, writes the report JSON and explains the edits on stderr", () => {
    const dir = mkdtempSync(join(tmpdir(), "pagemend-"));
    writeFileSync(join(dir, "in.txt"), sample);
    const r = pagemend(["clean", join(dir, "in.txt"), "--report", join(dir, "report.json"), "--explain"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(clean(sample).text);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.counts).toMatchObject({ R1: 1, R2: 1, R5: 1 });
    expect(r.stderr).toContain("R1 jump-marker");
    expect(r.stderr).toContain("R2 join");
  });

  it("cleans a folder into another, keeping relative paths, with a summary", () => {
    const dir = mkdtempSync(join(tmpdir(), "pagemend-"));
    mkdirSync(join(dir, "in/sub"), { recursive: true });
    writeFileSync(join(dir, "in/a.txt"), sample);
    writeFileSync(join(dir, "in/sub/b.txt"), "COUNCIL VOTES\n\nThe vote was seven\nto two.\n");
    const r = pagemend(["clean", join(dir, "in"), "--out", join(dir, "out"), "--report", join(dir, "reports")]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "out/a.txt"), "utf8")).toBe(clean(sample).text);
    expect(readFileSync(join(dir, "out/sub/b.txt"), "utf8")).toBe("COUNCIL VOTES\nThe vote was seven to two.\n");
    expect(JSON.parse(readFileSync(join(dir, "reports/sub/b.txt.report.json"), "utf8")).counts.R2).toBe(1);
    expect(r.stderr).toContain("cleaned 2 of 2 files");
  });

  it("exits 2 with a one-line message on usage errors", () => {
    for (const args of [[], ["scrub"], ["clean", "--bogus"], ["clean", "a", "b"]]) {
      const r = pagemend(args, "");
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^pagemend: [^\n]+ \(see pagemend --help\)\n$/u);
    }
    const dir = mkdtempSync(join(tmpdir(), "pagemend-"));
    expect(pagemend(["clean", dir]).status).toBe(2); // a folder needs --out
  });

  it("exits 1 with a one-line message on unreadable input", () => {
    const r = pagemend(["clean", "/nonexistent/file.txt"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("pagemend: cannot read /nonexistent/file.txt: no such file or directory\n");
  });

  it("prints help and version", () => {
    expect(pagemend(["--help"]).stdout).toContain("pagemend clean [FILE]");
    expect(pagemend(["--version"]).stdout).toMatch(/^pagemend \d+\.\d+\.\d+\n$/u);
  });
});
