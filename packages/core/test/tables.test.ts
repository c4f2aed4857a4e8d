import { describe, expect, it } from "vitest";
import { BMP_COST, CLASS_RUNS, FOLD_RUNS, GBK_DECODE } from "../src/text/tables.generated.js";
import { deltaRuns, deriveBmpCostTable, deriveClassTable, deriveFoldTable, deriveGbkDecodeTable, gbkDecodeBase64, valueRuns } from "../src/text/tableSources.js";
import { expandDeltaRuns, expandGbkDecode, expandValueRuns, gbkTableCodes } from "../src/text/tables.js";
import { gbkTables } from "../src/encoding/gbk.js";
import { comparisonKey } from "../src/text/fold.js";
import { displayWidth, isSpaceUnit } from "../src/text/chars.js";

// The generated tables are what tableSources.ts derives: after changing a predicate, the fold or
// iconv-lite, run `npm run build && node packages/core/scripts/generate-tables.mjs`.
describe("the generated code-unit tables", () => {
  it("character classes equal the predicates' table, unit for unit", () => {
    expect(expandValueRuns(CLASS_RUNS)).toEqual(deriveClassTable());
  });

  it("the comparison fold equals its Unicode definition, unit for unit", () => {
    expect(expandDeltaRuns(FOLD_RUNS)).toEqual(deriveFoldTable());
  });

  it("GBK's characters equal iconv-lite's decoding of every two-byte code", () => {
    expect(expandGbkDecode(GBK_DECODE)).toEqual(deriveGbkDecodeTable());
  });

  it("the Chinese model's costs equal its definition, character for character", () => {
    expect(new Uint8Array(Buffer.from(BMP_COST, "base64"))).toEqual(deriveBmpCostTable());
  });

  it("each compact form reads back to the table it was made from", () => {
    const values = new Uint8Array(0x10000);
    values.fill(3, 10, 20);
    values[0xffff] = 7;
    expect(expandValueRuns(valueRuns(values))).toEqual(values);
    const deltas = new Uint16Array(0x10000);
    for (let c = 0x41; c <= 0x5a; c++) deltas[c] = c + 32;
    deltas[0x100] = 0x101;
    deltas[0x101] = 0x101;
    expect(expandDeltaRuns(deltaRuns(deltas))).toEqual(deltas);
    const gbk = new Uint16Array(0x10000);
    for (const code of gbkTableCodes()) gbk[code] = code ^ 0x5a5a;
    expect(expandGbkDecode(gbkDecodeBase64(gbk))).toEqual(gbk);
  });

  it("the engine reads them as before: classes, fold keys and GBK both ways", () => {
    expect([0x20, 0x3000, 0xa0, 0x41].map(isSpaceUnit)).toEqual([true, true, true, false]);
    expect(displayWidth("中文ab，")).toBe(8);
    expect(comparisonKey("２．Ｈｅｌｌｏ, World 8.4万")).toBe("helloworld84万");
    const { encode, decode } = gbkTables();
    expect(decode[0xd6d0]).toBe("中".charCodeAt(0));
    expect(encode["中".charCodeAt(0)]).toBe(0xd6d0);
  });
});
