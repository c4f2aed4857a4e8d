import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The editorial contract's own measure: the dev corpus scored by shared/eval/score.mjs
 * through the installed `pagemend` command, exactly as the README tells a user to run it.
 */
const root = join(import.meta.dirname, "..");
const shared = join(root, "../shared");
const bin = join(root, "node_modules/.bin/pagemend");

describe("dev corpus score", () => {
  it("meets the bar: paraF1 >= 98, improvement >= 95, lost <= 20", () => {
    expect(existsSync(join(shared, "eval/score.mjs")), "../shared must sit beside the repository").toBe(true);
    const out = execFileSync(process.execPath, [join(shared, "eval/score.mjs"), join(shared, "corpus/dev"), "--run", `"${process.execPath}" "${bin}" clean`, "--json"], {
      encoding: "utf8",
    });
    const { total, documents } = JSON.parse(out);
    expect(documents.length).toBeGreaterThanOrEqual(4);
    expect(total.paraF1).toBeGreaterThanOrEqual(0.98);
    expect(total.improvement).toBeGreaterThanOrEqual(0.95);
    expect(total.lost).toBeLessThanOrEqual(20);
  });
});
