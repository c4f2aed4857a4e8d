import iconv from "iconv-lite";
import { CHAR_CLASS_BITS, isCjk, isLatinLetter, isWide, SPACE_UNITS } from "./chars.js";
import { characterCost } from "../encoding/chineseModel.js";
import { gbkTableCodes } from "./tables.js";

/**
 * How the engine's code-unit tables are defined: from the character predicates, from
 * Unicode's letter and number properties, from iconv-lite's GBK and from the Chinese model.
 * Deriving them costs about 90 ms (65,536 predicate, regex and model tests, a GBK codec), which
 * every cold start paid on its first document; `scripts/generate-tables.mjs` runs these once and writes what they produce into
 * `tables.generated.ts`, and `test/tables.test.ts` checks the two still agree.
 */

/** Class bits of every BMP code unit (see `CHAR_CLASS_BITS`). */
export function deriveClassTable(): Uint8Array {
  const { cjk, latin, wide, lowSurrogate, space } = CHAR_CLASS_BITS;
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    table[c] = (isCjk(c) ? cjk : 0) | (isLatinLetter(c) ? latin : 0) | (c >= 0x1100 && isWide(c) ? wide : 0) | (c >= 0xdc00 && c <= 0xdfff ? lowSurrogate : 0);
  }
  for (const c of SPACE_UNITS) table[c]! |= space;
  return table;
}

/**
 * The comparison fold: letters and digits map to themselves (ASCII and full-width Latin
 * lower-cased, full-width digits to ASCII), everything else to 0; surrogates are kept.
 */
export function deriveFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  const letterOrDigit = /[\p{L}\p{N}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = c; // astral characters (CJK extensions) are kept, both halves
      continue;
    }
    if (!letterOrDigit.test(String.fromCharCode(c))) continue;
    let f = c;
    if (f >= 0xff10 && f <= 0xff5a) f -= 0xfee0; // full-width digits and letters
    const lower = String.fromCharCode(f).toLowerCase();
    table[c] = lower.length === 1 ? lower.charCodeAt(0) : f;
  }
  return table;
}

/** The character of every two-byte GBK code (0 where GBK has none), indexed by the code. */
export function deriveGbkDecodeTable(): Uint16Array {
  const decode = new Uint16Array(0x10000);
  const codes = gbkTableCodes();
  // One decode; the line feeds keep the pairs apart whatever the decoder makes of a bad one.
  const pieces = iconv.decode(Buffer.from(codes.flatMap((code) => [code >> 8, code & 0xff, 0x0a])), "gbk").split("\n");
  codes.forEach((code, k) => {
    const piece = pieces[k]!;
    if (piece.length === 1 && piece !== "\ufffd") decode[code] = piece.charCodeAt(0);
  });
  return decode;
}

/** The Chinese model's cost of every BMP character. */
export function deriveBmpCostTable(): Uint8Array {
  return Uint8Array.from({ length: 0x10000 }, (_, cp) => characterCost(cp));
}

/** The compact forms `expandValueRuns`, `expandDeltaRuns` and `expandGbkDecode` read back. */
export function valueRuns(table: Uint8Array): number[] {
  const runs: number[] = [];
  for (let c = 0; c < table.length; ) {
    let end = c + 1;
    while (end < table.length && table[end] === table[c]) end++;
    if (table[c] !== 0) runs.push(c, end - c, table[c]!);
    c = end;
  }
  return runs;
}

export function deltaRuns(table: Uint16Array): number[] {
  const runs: number[] = [];
  for (let c = 0; c < table.length; ) {
    if (table[c] === 0) {
      c++;
      continue;
    }
    const delta = table[c]! - c;
    let end = c + 1;
    while (end < table.length && table[end] !== 0 && table[end]! - end === delta) end++;
    runs.push(c, end - c, delta);
    c = end;
  }
  return runs;
}

export function gbkDecodeBase64(decode: Uint16Array): string {
  const values = Uint16Array.from(gbkTableCodes(), (code) => decode[code]!);
  return Buffer.from(values.buffer).toString("base64");
}
