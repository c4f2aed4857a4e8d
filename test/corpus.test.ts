import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The project's own measure: its evaluation corpus (`corpus/`) scored by `pagemend eval`
 * through the installed command, exactly as the README tells a user to run it on their pages.
 */
const root = join(import.meta.dirname, "..");
const corpus = join(root, "corpus");
const shared = join(root, "../shared");
const bin = join(root, "node_modules/.bin/pagemend");

interface EvalJson {
  total: { documents: number; paraF1: number; improvement: number; meanImprovement: number; worseThanInput: number; lost: number; extra: number };
  documents: { name: string; paraF1: number; baselineParaF1: number; improvement: number; lost: number; extra: number }[];
}

const evaluate = (...args: string[]): EvalJson => JSON.parse(execFileSync(process.execPath, [bin, "eval", corpus, "--json", ...args], { encoding: "utf8" })) as EvalJson;

describe("the evaluation corpus", () => {
  const { total, documents } = evaluate();

  it("meets the engine issue's targets: pooled paragraph F1 >= 95, mean improvement >= 90%, no document worse than its input", () => {
    expect(total.documents).toBe(18);
    expect(total.paraF1).toBeGreaterThanOrEqual(0.95);
    expect(total.meanImprovement).toBeGreaterThanOrEqual(0.9);
    expect(total.worseThanInput).toBe(0);
    for (const d of documents) {
      expect(d.paraF1, d.name).toBeGreaterThanOrEqual(d.baselineParaF1);
      expect(d.improvement, d.name).toBeGreaterThanOrEqual(0);
    }
    // What the engine reaches today, so that a change that loses ground fails here.
    expect(total.paraF1).toBeGreaterThanOrEqual(0.985);
    expect(total.improvement).toBeGreaterThanOrEqual(0.965);
    expect(total.meanImprovement).toBeGreaterThanOrEqual(0.975);
    expect(total.lost).toBeLessThanOrEqual(4);
  });

  it("keeps the four seed documents at 100", () => {
    for (const name of ["000_21844d191f469e73", "002_e7943e1264013ffd", "003_a6aa8a94161520a7", "en-herald-1921"]) {
      const d = documents.find((x) => x.name === name)!;
      expect(d.paraF1, name).toBe(1);
      expect(d.improvement, name).toBe(1);
    }
  });
});

// `../shared` is the project's steering folder: CI and developers have it, a user's clone does not.
describe.runIf(existsSync(join(shared, "corpus/dev")))("beside ../shared", () => {
  it("corpus/ holds exactly the documents of ../shared/corpus/dev, byte for byte", () => {
    const pairs = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".input.txt") || f.endsWith(".gold.txt")).sort();
    const ours = pairs(corpus);
    expect(ours).toEqual(pairs(join(shared, "corpus/dev")));
    for (const f of ours) expect(readFileSync(join(corpus, f)).equals(readFileSync(join(shared, "corpus/dev", f))), f).toBe(true);
  });

  it("pagemend eval gives the same figures as the project's scorer, ../shared/eval/score.mjs", () => {
    const theirs = JSON.parse(
      execFileSync(process.execPath, [join(shared, "eval/score.mjs"), join(shared, "corpus/dev"), "--run", `"${process.execPath}" "${bin}" clean`, "--json"], { encoding: "utf8" }),
    ) as { total: Record<string, number>; documents: Record<string, number | string>[] };
    const ours = evaluate();
    for (const key of ["documents", "paraF1", "baselineParaF1", "improvement", "lost", "baselineLost", "extra", "baselineExtra"]) {
      expect((ours.total as unknown as Record<string, number>)[key], key).toBe(theirs.total[key]);
    }
    for (const d of theirs.documents) {
      const mine = ours.documents.find((x) => x.name === d.name)! as unknown as Record<string, number>;
      for (const key of ["paraF1", "baselineParaF1", "improvement", "lost", "extra", "baselineExtra"]) expect(mine[key], `${d.name} ${key}`).toBe(d[key]);
    }
  });
});
