import type { TextRepair } from "../document/repair.js";
import { bmpCosts, isHan } from "../encoding/chineseModel.js";
import { gbkTables } from "../encoding/gbk.js";

/**
 * R0: GBK text decoded one byte off. Every character of such a run pairs the second byte of
 * one original character with the first byte of the next (`們在全國` -> `冊谌珖`), which gives
 * rare characters, box drawing and kana; the bytes that lost their partner show as `?` or
 * U+FFFD, often with the ASCII byte after them swallowed (`</p>` -> `?/p>`).
 *
 * For each stretch of two-byte GBK characters, the realigned reading of every character
 * (its second byte with the next one's first) is looked up, and the span where realigning
 * removes the most improbability is found in one pass (a maximum-sum run). The repair is
 * kept only when its result reads as ordinary Chinese (by the character-frequency model) and
 * is clearly more probable than the damage; the marks of lost bytes and a tag fragment left
 * behind go with it. A character whose byte was lost cannot be brought back and is not guessed.
 */

/** How much more probable per character (tenths of log10) a repair must read. */
const MARGIN = 15;
/** A repair must read like ordinary Chinese on its own, not just better than the damage. */
const MAX_REPAIRED_COST = 36;
/**
 * Fewer Han characters than this are too little evidence: rare characters realigned at
 * random often read as a few common ones. One fewer will do next to the mark of a lost byte.
 */
const MIN_REPAIRED_HAN = 5;
const RARE = 50;

const isLostByteMark = (c: number) => c === 0x3f || c === 0xfffd;
const mean = (sum: number, n: number) => (n === 0 ? 0 : sum / n);

const NON_ASCII = /[\u0080-\uffff]/;

export function repairShiftedGbk(text: string): TextRepair[] {
  // ASCII alone has no GBK to realign (a run of "!" reads back as "。"s, never Han), and
  // such documents never build the tables.
  if (!NON_ASCII.test(text)) return lostTagFragments(text);
  const repairs: TextRepair[] = [];
  const { encode } = gbkTables();
  for (let i = 0; i < text.length; ) {
    if (twoByteCode(encode, text.charCodeAt(i)) === 0) {
      i++;
      continue;
    }
    const stretch = bestRealignedSpan(text, i);
    if (stretch.end - i >= MIN_REPAIRED_HAN - 1 && stretch.bestStart >= 0) {
      const repair = repairSpan(text, stretch.bestStart, stretch.bestEnd);
      if (repair) repairs.push(repair);
    }
    i = stretch.end;
  }
  return repairs.concat(lostTagFragments(text));
}

/**
 * What is left where a shifted run was too short to read back: the marks of its lost bytes
 * and the tag whose "<" went with them (`項目?!?/p>` -> `項目`). `?/p>` is never text.
 */
const LOST_TAG = /(?:[?\ufffd][!！]?)*[?\ufffd]\/?[a-zA-Z][a-zA-Z0-9]{0,9}>/gu;

/** A fragment that a full repair already took in overlaps it, and repairText keeps the repair. */
function lostTagFragments(text: string): TextRepair[] {
  if (!text.includes(">")) return [];
  return Array.from(text.matchAll(LOST_TAG), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    replacement: "",
    kind: "gbk-shift",
    reason: `the marks of bytes a one-byte-off GBK decoding lost, with the tag whose "<" went with them: "${m[0]}"`,
  }));
}

/** GBK two-byte code, with a "!" read as the full-width "！" a normaliser may have folded; 0 for none. */
function twoByteCode(encode: Uint16Array, c: number): number {
  return c === 0x21 ? 0xa3a1 : c < 0x80 ? 0 : encode[c]!;
}

/** The character read from the second byte of one code and the first byte of the next, 0 when none. */
function realigned(decode: Uint16Array, code: number, next: number): number {
  return decode[((code & 0xff) << 8) | (next >> 8)]!;
}

/**
 * Reads the stretch of two-byte GBK characters from `from` to its end, and the span of it
 * where realigning removes the most improbability, in the same pass: every character of a
 * Chinese text is read here, so once, straight from the tables.
 */
function bestRealignedSpan(text: string, from: number): { end: number; bestStart: number; bestEnd: number } {
  const { encode, decode } = gbkTables();
  const cost = bmpCosts();
  // delta[k]: the character's cost minus that of its realigned reading (second byte of k with
  // first byte of k + 1). The best span [s, e) maximises the sum over s..e-2 plus the cost of
  // the last character, whose realigned partner lies outside and is lost.
  let bestGain = 0;
  let bestStart = -1;
  let bestEnd = -1;
  let runGain = 0;
  let runStart = from;
  let code = twoByteCode(encode, text.charCodeAt(from));
  let k = from;
  for (;;) {
    const own = cost[text.charCodeAt(k)]!;
    // Ending the span here: the last character is dropped, not replaced.
    const closing = runGain + own;
    if (closing > bestGain) {
      bestGain = closing;
      bestStart = runStart;
      bestEnd = k + 1;
    }
    const next = k + 1 < text.length ? twoByteCode(encode, text.charCodeAt(k + 1)) : 0;
    if (next === 0) break;
    const reading = realigned(decode, code, next);
    code = next;
    const delta = reading === 0 ? -1000 : own - cost[reading]!;
    if (runGain + delta < delta) {
      runGain = delta;
      runStart = k;
    } else runGain += delta;
    if (runGain < 0) {
      runGain = 0;
      runStart = k + 1;
    }
    k++;
  }
  return { end: k + 1, bestStart, bestEnd };
}

/** The repair of the span [bestStart, bestEnd) of a stretch, when its realigned reading is clearly Chinese. */
function repairSpan(text: string, bestStart: number, bestEnd: number): TextRepair | undefined {
  const { encode, decode } = gbkTables();
  const cost = bmpCosts();
  // The marks of the bytes lost where the shift began and ended.
  const markBefore = bestStart > 0 && isLostByteMark(text.charCodeAt(bestStart - 1));
  const markAfter = bestEnd < text.length && isLostByteMark(text.charCodeAt(bestEnd));
  // Judged from the tables, with no strings made: on a page of Chinese most stretches are
  // a candidate, and almost all fail.
  let han = 0;
  let rare = 0;
  let repairedCost = 0;
  let repairedCount = 0;
  let damagedCost = 0;
  let damagedCount = 0;
  for (let k = bestStart; k < bestEnd; k++) {
    const c = text.charCodeAt(k);
    // A stretch holds BMP characters only; its ASCII ("!") says nothing of a CJK reading.
    if (c >= 0x80) {
      damagedCost += cost[c]!;
      damagedCount++;
    }
    if (k + 1 === bestEnd) break;
    const cp = realigned(decode, twoByteCode(encode, c), twoByteCode(encode, text.charCodeAt(k + 1)));
    if (isHan(cp)) han++;
    if (cost[cp]! >= RARE) rare++;
    if (cp >= 0x80) {
      repairedCost += cost[cp]!;
      repairedCount++;
    }
  }
  const minHan = markBefore || markAfter ? MIN_REPAIRED_HAN - 1 : MIN_REPAIRED_HAN;
  // Ordinary Chinese: enough Han characters, a low mean cost, a rare character in ten at most.
  const readsAsChinese = han >= minHan && rare * 10 <= han && mean(repairedCost, repairedCount) <= MAX_REPAIRED_COST;
  if (!readsAsChinese || mean(damagedCost, damagedCount) - mean(repairedCost, repairedCount) < MARGIN) return undefined;
  let repaired = "";
  for (let k = bestStart; k + 1 < bestEnd; k++) {
    repaired += String.fromCharCode(realigned(decode, twoByteCode(encode, text.charCodeAt(k)), twoByteCode(encode, text.charCodeAt(k + 1))));
  }
  // The marks go with the repair, and so does a tag that lost its "<".
  const start = markBefore ? bestStart - 1 : bestStart;
  let end = markAfter ? bestEnd + 1 : bestEnd;
  const fragment = markAfter ? /^\/?[a-zA-Z][a-zA-Z0-9]{0,9}>/u.exec(text.slice(end, end + 12)) : null;
  if (fragment) end += fragment[0].length;
  const shown = text.slice(start, end);
  return { start, end, replacement: repaired, kind: "gbk-shift", reason: `GBK decoded one byte off: "${shown}" reads "${repaired}" when its bytes are realigned` };
}
