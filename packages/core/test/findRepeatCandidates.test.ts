import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findRepeatCandidates } from "../src/rules/findRepeatCandidates.js";
import { storedCandidates } from "../src/rules/duplicates.js";
import { IntColumn } from "../src/text/columns.js";
import { comparisonKey, fingerprintInto } from "../src/text/fold.js";
import { sortPairs } from "../src/text/radix.js";
import { documentAfter } from "./helpers.js";

describe("sortPairs", () => {
  it("sorts by unsigned key and keeps equal keys in their order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat()), { maxLength: 300 }), (pairs) => {
        const { keys, values } = sortPairs(Int32Array.from(pairs.map((p) => p[0])), Int32Array.from(pairs.map((p) => p[1])));
        const expected = pairs.map(([k, v], i) => ({ k: k >>> 0, v, i })).sort((a, b) => a.k - b.k || a.i - b.i);
        expect([...keys].map((k) => k >>> 0)).toEqual(expected.map((e) => e.k));
        expect([...values]).toEqual(expected.map((e) => e.v));
      }),
    );
  });

  it("sorts the same through scratch arrays it is given, and hands back the two it left free", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), fc.nat()), { maxLength: 200 }), fc.nat(20), fc.constantFrom(11, 22, 32), (pairs, extra, keyBits) => {
        const keysOf = () => Int32Array.from(pairs.map((p) => p[0]));
        const valuesOf = () => Int32Array.from(pairs.map((p) => p[1]));
        const plain = sortPairs(keysOf(), valuesOf(), keyBits);
        const [keys, values] = [keysOf(), valuesOf()];
        // Longer than needed, with a column's slack, as the detector gives them.
        const scratch = { keys: new Int32Array(pairs.length + extra), values: new Int32Array(pairs.length + extra) };
        const sorted = sortPairs(keys, values, keyBits, scratch);
        expect([...sorted.keys]).toEqual([...plain.keys]);
        expect([...sorted.values]).toEqual([...plain.values]);
        const buffers = (a: Int32Array<ArrayBufferLike>, b: Int32Array<ArrayBufferLike>) => [a.buffer, b.buffer];
        expect(new Set([...buffers(sorted.keys, sorted.values), ...buffers(sorted.spare.keys, sorted.spare.values)])).toEqual(new Set([keys.buffer, values.buffer, scratch.keys.buffer, scratch.values.buffer]));
      }),
    );
  });
});

describe("fingerprint", () => {
  it("agrees with the comparison key: same key, same hash, length and shingles", () => {
    const [shinglesA, shinglesB] = [new IntColumn(), new IntColumn()];
    const a = fingerprintInto("2.六稳:稳就业、稳金融、稳外贸。", shinglesA);
    const b = fingerprintInto("六稳 稳就业,稳金融,稳外贸．", shinglesB);
    expect(comparisonKey("2.六稳:稳就业、稳金融、稳外贸。")).toBe("六稳稳就业稳金融稳外贸");
    expect([a.keyHash, a.length, a.cjk]).toEqual([b.keyHash, b.length, true]);
    expect(shinglesA.length).toBeGreaterThanOrEqual(4);
    expect([...shinglesA.view()]).toEqual([...shinglesB.view()]);
  });

  it("folds full-width and upper-case Latin for comparison only", () => {
    expect(comparisonKey("ＡＰＰ正式上线 APP")).toBe("app正式上线app");
  });
});

describe("findRepeatCandidates (detect stage of R3/R4)", () => {
  const noisy = "Mr. Harlan, speaking for the minority, said the cost had not been fully reckoned and that the bonds would fall due.";
  const copy = "Mr. Har1an, speaking for the minority , said the cost had not been fuIly reckoned and that the bonds would fall due .";

  it("proposes an earlier near-duplicate, and nothing for unrelated text", () => {
    const doc = findRepeatCandidates(documentAfter(`${noisy}\nThe vote was seven to two, and the council adjourned at ten.\n${copy}`));
    expect(storedCandidates(doc.repeats!, 2, 0.4).map((c) => c.doc)).toEqual([0]);
    expect(storedCandidates(doc.repeats!, 1, 0.4)).toEqual([]);
  });

  it("marks exact twins by key", () => {
    const doc = findRepeatCandidates(documentAfter("会议指出,要坚持稳中求进工作总基调。\n别的内容。\n会议指出，要坚持稳中求进工作总基调．"));
    expect([...doc.repeats!.exact]).toEqual([-1, -1, 0]);
  });

  it("ignores a shingle that more than twelve paragraphs hold: a common phrase is no evidence", () => {
    // Fourteen different paragraphs that share one common phrase and nothing else.
    const lines = Array.from({ length: 14 }, (_, i) => `高质量发展${"甲乙丙丁戊己庚辛壬癸子丑寅卯"[i]}${"东南西北中上下左右前后里外内"[i]}${"金木水火土风雨雷电山川河海湖"[i]}`);
    const doc = findRepeatCandidates(documentAfter(lines.join("\n")));
    for (let j = 0; j < lines.length; j++) expect(storedCandidates(doc.repeats!, j, 0.4)).toEqual([]);
  });
});
