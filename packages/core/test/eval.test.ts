import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareWithGold, editDistance, matchParagraphs, paragraphsForScoring, scoreDocument, totalScores } from "../src/eval/score.js";

const bin = join(import.meta.dirname, "../bin/pagemend.js");
const pagemend = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

/** A folder of pairs: name -> [input, gold]. */
function corpusOf(pairs: Record<string, [string, string | undefined]>): string {
  const dir = mkdtempSync(join(tmpdir(), "pagemend-eval-"));
  for (const [name, [input, gold]] of Object.entries(pairs)) {
    writeFileSync(join(dir, `${name}.input.txt`), input);
    if (gold !== undefined) writeFileSync(join(dir, `${name}.gold.txt`), gold);
  }
  return dir;
}

const codes = (s: string) => Int32Array.from(Array.from(s, (c) => c.codePointAt(0)!));

/** The textbook distance, for checking: N + M − 2·LCS by dynamic programming. */
function plainDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let row = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const next = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) next[j] = x[i - 1] === y[j - 1] ? row[j - 1]! + 1 : Math.max(row[j]!, next[j - 1]!);
    row = next;
  }
  return x.length + y.length - 2 * row[y.length]!;
}

describe("the measure", () => {
  it("reads paragraphs as the scorer does: trimmed, blank lines dropped, space runs made one, U+3000 too", () => {
    expect(paragraphsForScoring("\uFEFF　　甲乙丙  \r\n\n a  b\t c \r")).toEqual(["甲乙丙", "a b c"]);
  });

  it("counts insert/delete edits (no substitutions), equal to N + M − 2·LCS", () => {
    expect(editDistance(codes("abc"), codes("abc"))).toBe(0);
    expect(editDistance(codes("abc"), codes("axc"))).toBe(2);
    expect(editDistance(codes(""), codes("上接"))).toBe(2);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "c", "甲", "\n"), maxLength: 40 }), fc.string({ unit: fc.constantFrom("a", "b", "c", "甲", "\n"), maxLength: 40 }), (a, b) => {
        expect(editDistance(codes(a), codes(b))).toBe(plainDistance(a, b));
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it("matches paragraphs as multisets: a repeated paragraph counts once per copy in gold", () => {
    const m = matchParagraphs(["a", "a", "b"], ["a", "b", "c"]);
    expect(m.hit).toBe(2);
    expect(m.extraParagraphs).toEqual(["a"]);
    expect(m.missedParagraphs).toEqual(["c"]);
  });

  it("scores improvement against the input: 1 when perfect, 0 when no better, below 0 when worse", () => {
    const gold = "第一段。\n第二段。\n";
    expect(scoreDocument("d", "第一\n段。\n第二段。\n", gold, gold).improvement).toBe(1);
    expect(scoreDocument("d", "第一\n段。\n第二段。\n", "第一\n段。\n第二段。\n", gold).improvement).toBe(0);
    expect(scoreDocument("d", "第一\n段。\n第二段。\n", "第一段。\n", gold).improvement).toBeLessThan(0);
    const lost = compareWithGold("第一段。\n", gold);
    expect(lost.lost).toBe(5); // "\n第二段。"
  });

  it("totals pool paragraphs, average improvements and count the documents made worse", () => {
    const gold = "A paragraph.\n";
    const rows = [scoreDocument("good", "A para-\ngraph.\n", gold, gold), scoreDocument("bad", gold, "A\n", gold)];
    const t = totalScores(rows);
    expect(t.documents).toBe(2);
    expect(t.worseThanInput).toBe(1);
    expect(t.meanImprovement).toBe((rows[0]!.improvement + rows[1]!.improvement) / 2);
  });
});

describe("pagemend eval", () => {
  const dir = corpusOf({
    a: ["(上接第三版)\n\n与此同时,要解决好老百姓的急难愁\n\n盼问题。\n", "与此同时,要解决好老百姓的急难愁盼问题。\n"],
    b: ["COUNCIL VOTES\n\nThe vote was seven\nto two.\n", "COUNCIL VOTES\nThe vote was seven to two.\n"],
  });

  it("prints a table per document and in total, with each rule's edits", () => {
    const r = pagemend(["eval", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^document\s+paraF1/u);
    expect(r.stdout).toMatch(/\nTOTAL\s+100\.0/u);
    expect(r.stdout).toContain("0 of 2 documents worse than their input");
  });

  it("writes JSON with totals and documents, and --verbose lists what differs", () => {
    const r = pagemend(["eval", dir, "--json"]);
    const out = JSON.parse(r.stdout);
    expect(out.total).toMatchObject({ documents: 2, paraF1: 1, improvement: 1, lost: 0, extra: 0, edits: { R1: 1, R2: 2 } });
    const other = pagemend(["eval", dir, "--run", "cat", "--verbose"]);
    expect(other.status).toBe(0);
    expect(other.stdout).toContain("- gold not in output: 与此同时,要解决好老百姓的急难愁盼问题。");
    expect(other.stdout).toContain("+ output not in gold: (上接第三版)");
  });

  it("scores any other cleaner with --run, and thresholds set the exit code", () => {
    expect(pagemend(["eval", dir, "--run", "cat", "--min-f1", "0.5"]).status).toBe(1);
    const r = pagemend(["eval", dir, "--run", "cat", "--min-improvement", "0.1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("improvement 0.000 is below --min-improvement 0.1");
    expect(pagemend(["eval", dir, "--min-f1", "0.95", "--min-improvement", "0.95"]).status).toBe(0);
  });

  it("exits 2 on usage errors", () => {
    for (const args of [["eval"], ["eval", dir, dir], ["eval", dir, "--min-f1", "x"], ["eval", dir, "--min-f1", "2"], ["eval", dir, "--bogus"], ["eval", dir, "--run", " "]]) {
      const r = pagemend(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^pagemend: [^\n]+ \(see pagemend --help\)\n$/u);
    }
  });

  it("exits 1 on a folder without pairs or one that is missing, and says which inputs have no gold", () => {
    const empty = corpusOf({ lone: ["text\n", undefined] });
    const r = pagemend(["eval", empty]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("lone.input.txt has no lone.gold.txt beside it");
    expect(r.stderr).toContain("no NAME.input.txt with a NAME.gold.txt beside it");
    expect(pagemend(["eval", join(empty, "nowhere")]).status).toBe(1);
    const mixed = corpusOf({ lone: ["text\n", undefined], pair: ["text\n", "text\n"] });
    const m = pagemend(["eval", mixed, "--json"]);
    expect(m.status).toBe(0);
    expect(JSON.parse(m.stdout).total.documents).toBe(1);
    expect(m.stderr).toContain("lone.input.txt has no lone.gold.txt");
  });
});
