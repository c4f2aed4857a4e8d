import type { TextRepair } from "../document/repair.js";
import { charCost } from "../encoding/chineseModel.js";
import { charTable } from "../text/chars.js";

/**
 * R0: UTF-8 that was read as Windows-1252 or Latin-1 (`ä½ å¥½` for `你好`, `â€œ` for `“`).
 * Each suspicious run is turned back into the bytes those characters stand for in
 * Windows-1252 and read as UTF-8. The five bytes Windows-1252 leaves undefined show as U+FFFD
 * after a lossy decoder; in a continuation slot, the one that gives the most common character
 * is taken. A repair is kept only when every byte of a stretch forms
 * valid UTF-8 and the result is clearly not Latin text: a character beyond U+07FF (CJK,
 * curly quotes, dashes) or two or more non-ASCII letters from one stretch. `café`, `Ærø`
 * and `naïve` stay as they are.
 */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89,
  0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95,
  0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
/** Characters that are Windows-1252/Latin-1 bytes 0x80-0xFF, and U+FFFD for the five it leaves undefined. */
const BYTE_CHARS = charTable(
  "\ufffd\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2026\u2030\u2039\u203a\u20ac\u2122",
  ["\u0080", "\u00ff"],
  ["\u2018", "\u201a"],
  ["\u201c", "\u201e"],
  ["\u2020", "\u2022"],
);

/**
 * Runs of two or more such characters, where a space may stand for a lost U+00A0 after the
 * first: [start, end) pairs. A table scan; every character of the document is read here.
 */
export function byteRuns(text: string): number[] {
  const runs: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (BYTE_CHARS[text.charCodeAt(i)] !== 1) continue;
    let end = i + 1;
    while (end < n && (BYTE_CHARS[text.charCodeAt(end)] === 1 || text.charCodeAt(end) === 0x20)) end++;
    if (end - i >= 2) runs.push(i, end);
    i = end - 1;
  }
  return runs;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes Windows-1252 leaves undefined: a lossy decoder shows each as U+FFFD. */
const UNDEFINED_IN_CP1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

function byteOf(ch: number): number | undefined {
  if (ch >= 0x80 && ch <= 0xff) return ch;
  return CP1252_HIGH[ch];
}

export function repairUtf8Mojibake(text: string): TextRepair[] {
  const repairs: TextRepair[] = [];
  const runs = byteRuns(text);
  for (let r = 0; r < runs.length; r += 2) {
    const index = runs[r]!;
    const run = text.slice(index, runs[r + 1]);
    // Walk the run: a lead byte and its continuation bytes make one UTF-8 sequence.
    let i = 0;
    let stretchStart = -1;
    let bytes: number[] = [];
    const flush = (end: number) => {
      if (stretchStart >= 0 && bytes.length > 0) {
        const decoded = decode(bytes);
        if (decoded !== undefined && isClearlyRepair(decoded, run.slice(stretchStart, end))) {
          repairs.push({ start: index + stretchStart, end: index + end, replacement: decoded, kind: "utf8-as-cp1252", reason: `UTF-8 read as Windows-1252: the bytes of "${run.slice(stretchStart, end)}" are "${decoded}"` });
        }
      }
      stretchStart = -1;
      bytes = [];
    };
    while (i < run.length) {
      const lead = byteOf(run.charCodeAt(i));
      const need = lead === undefined ? -1 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
      let seq: number[] = [];
      if (need > 0) {
        // Each continuation slot: the byte its character stands for; U+FFFD may be any undefined one.
        let options: number[][] = [[lead!]];
        for (let k = 1; k <= need && i + k < run.length; k++) {
          const c = run.charCodeAt(i + k);
          const bytes = c === 0xfffd ? UNDEFINED_IN_CP1252 : [c === 0x20 ? 0xa0 : (byteOf(c) ?? -1)];
          if (bytes[0]! < 0x80 || bytes[0]! > 0xbf) break;
          options = options.flatMap((prefix) => bytes.map((b) => [...prefix, b]));
        }
        seq = mostProbable(options.filter((o) => o.length === need + 1)) ?? [];
      }
      if (need > 0 && seq.length === need + 1 && decode(seq) !== undefined) {
        if (stretchStart < 0) stretchStart = i;
        bytes.push(...seq);
        i += need + 1;
      } else {
        flush(i);
        i++;
      }
    }
    flush(run.length);
  }
  return repairs;
}

/**
 * Of several byte sequences, the valid one whose character is clearly the most common in
 * text (ten times the runner-up); none when the guess would be a toss-up.
 */
function mostProbable(options: number[][]): number[] | undefined {
  const scored = options
    .map((option) => ({ option, decoded: decode(option) }))
    .filter((o) => o.decoded !== undefined)
    .map((o) => ({ option: o.option, cost: charCost(o.decoded!.codePointAt(0)!) }))
    .sort((a, b) => a.cost - b.cost);
  if (scored.length === 0) return undefined;
  if (scored.length > 1 && scored[1]!.cost - scored[0]!.cost < 10) return undefined;
  return scored[0]!.option;
}

function decode(bytes: number[]): string | undefined {
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

function isClearlyRepair(decoded: string, shown: string): boolean {
  // "Ã©", "Â£": a Latin-1 letter read as two characters, the first Ã or Â, never meant.
  if (/^[\u00c2\u00c3]/u.test(shown) && decoded.length === 1) return true;
  let wide = 0;
  let narrow = 0;
  for (const ch of decoded) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x800) wide++;
    else narrow++;
  }
  return wide > 0 || narrow >= 2;
}
