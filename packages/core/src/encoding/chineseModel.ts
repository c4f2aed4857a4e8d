import { BMP_COST } from "../text/tables.generated.js";
import { HANZI, HANZI_COST } from "./hanziFrequency.js";

/**
 * A unigram model of Chinese text: how improbable each character is, as -log10 p in tenths
 * (the common 的 costs 11, a rare character 60, one outside the model 75). It decides
 * between candidate decodings and between a damaged run and its repair, where the
 * wrong reading is made of rare characters, symbols and replacement marks.
 */
const COST = new Map<number, number>();
for (let i = 0; i < HANZI.length; i++) COST.set(HANZI.charCodeAt(i), HANZI_COST.charCodeAt(i) - 48);

/** A Han character not in the frequency list: rarer than any in it. */
const UNKNOWN_HAN_COST = 75;
const REPLACEMENT_COST = 120;

/**
 * The cost of every BMP character, expanded on first use from generated data (`tableSources.ts`
 * derives it from `characterCost`; building it here took 10 ms of the first document).
 */
let bmpCost: Uint8Array | undefined;

/** The cost of every BMP character by code unit, for scans that read every character. */
export function bmpCosts(): Uint8Array {
  return (bmpCost ??= new Uint8Array(Buffer.from(BMP_COST, "base64")));
}

export function charCost(cp: number): number {
  return cp < 0x10000 ? bmpCosts()[cp]! : characterCost(cp);
}

/** A character's cost by definition (`charCost` reads BMP characters from the table made of it). */
export function characterCost(cp: number): number {
  const known = COST.get(cp);
  if (known !== undefined) return known;
  if (cp < 0x80) return cp === 0x3f ? 45 : 20; // ASCII; a stray "?" is what mojibake leaves behind
  if (cp === 0xfffd) return REPLACEMENT_COST;
  if (isHan(cp)) return UNKNOWN_HAN_COST;
  // Full-width letters are rare in Chinese text; full-width digits and punctuation are not.
  if ((cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) return 50;
  if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e) || cp === 0x201c || cp === 0x201d || cp === 0x2018 || cp === 0x2019 || cp === 0x2026 || cp === 0x2014 || cp === 0xb7) return 20;
  if (cp >= 0xe000 && cp <= 0xf8ff) return 100; // private use: never in real text
  return 60; // other symbols: box drawing, Greek, Cyrillic, kana seen in GBK mojibake
}

export function isHan(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
}

/** Mean cost per non-ASCII character (ASCII says nothing about a CJK decoding); 0 when there are none. */
export function meanCost(text: string): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp < 0x80) continue;
    sum += charCost(cp);
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

