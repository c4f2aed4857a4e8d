import type { TextRepair } from "../document/repair.js";
import { charSet } from "../text/chars.js";

/**
 * R0: inline phonetic annotations a web page glued after CJK characters,
 * `運(yùn)動(dòng)會(huì)` -> `運動會`, with tone marks or tone numbers (`yun4`, `de0`), in ASCII or
 * full-width brackets. A run of them after CJK characters one by one is an annotation (some
 * characters of the run may carry none); so is a single group with a tone. A group after
 * Latin text (`(yes)`), in capitals (`(UN)`) or naming a word (`(zhōngguó)`) is not one.
 * Inside a GBK run decoded one byte off, the first annotated character may be lost
 * (`\(yùn)動(dòng)`, `?yùn)動(dòng)`): its mark goes with its annotation.
 */
const TONED_VOWEL = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
const SYLLABLE = `(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouüv${TONED_VOWEL}]{1,4}(?:ng|n|r)?[0-5]?|ng|m|hm|n`;
/** Every character a syllable can hold; a syllable holds at most nine (`zhuang4`). */
const IN_SYLLABLE = charSet(`bpmfdtnlgkhjqxrzcswyaeiouüv${TONED_VOWEL}012345`);
const LONGEST_SYLLABLE = 12;

/**
 * Each `(syllable)` group, or `?syllable)` whose "(" went with a lost byte, found from the
 * closing brackets back (a text has few of them) rather than by a pattern tried at every
 * character. `index` is where the group's bracket stands, or for a damaged one where its
 * syllable starts, after the mark.
 */
function* bracketGroups(text: string): Generator<{ index: number; length: number; syllable: string; damaged: boolean }> {
  let ascii = text.indexOf(")");
  let wide = text.indexOf("）");
  while (ascii >= 0 || wide >= 0) {
    let close: number;
    if (wide < 0 || (ascii >= 0 && ascii < wide)) {
      close = ascii;
      ascii = text.indexOf(")", ascii + 1);
    } else {
      close = wide;
      wide = text.indexOf("）", wide + 1);
    }
    let open = close - 1;
    while (open >= 0 && close - open <= LONGEST_SYLLABLE && IN_SYLLABLE(text.charCodeAt(open))) open--;
    if (open < 0 || open === close - 1) continue;
    const c = text.charCodeAt(open);
    const syllable = text.slice(open + 1, close);
    if (c === 0x28 || c === 0xff08) yield { index: open, length: close + 1 - open, syllable, damaged: false };
    else if (c === 0x3f || c === 0xfffd) yield { index: open + 1, length: close - open, syllable, damaged: true };
  }
}
const LOST_MARK = /[?\ufffd\\]/u;
const SYLLABLE_ONLY = new RegExp(`^(?:${SYLLABLE})$`, "u");
const HAN = /\p{Script=Han}/u;
const HAS_TONE = new RegExp(`[${TONED_VOWEL}0-5]`, "u");

export function removePhoneticAnnotations(text: string): TextRepair[] {
  if (!text.includes(")") && !text.includes("）")) return [];
  // Each group directly after a Han character, with where that character stands. A group
  // may instead follow the mark of a character whose bytes a one-byte-off GBK decoding lost
  // (`?`, U+FFFD, or its stray ASCII trail byte such as a backslash), and may itself have
  // lost its "(" to that decoding (`?yùn)`); the mark then goes with the group.
  const groups: Array<{ start: number; end: number; toned: boolean; hanAt: number; damaged: boolean }> = [];
  for (const m of bracketGroups(text)) {
    const syllable = m.syllable;
    if (!SYLLABLE_ONLY.test(syllable)) continue;
    const start = m.damaged ? m.index - 1 : m.index;
    const before = text.codePointAt(start - 1) ?? 0;
    const hanAt = before >= 0xdc00 && before <= 0xdfff ? start - 2 : start - 1;
    const toned = HAS_TONE.test(syllable);
    if (m.damaged) {
      // "?yùn)": the mark and the group are one damaged annotation.
      groups.push({ start, end: m.index + m.length, toned, hanAt: start, damaged: true });
      continue;
    }
    if (hanAt >= 0 && HAN.test(String.fromCodePoint(text.codePointAt(hanAt)!))) {
      groups.push({ start, end: start + m.length, toned, hanAt, damaged: false });
    } else if (hanAt >= 0 && LOST_MARK.test(text[hanAt]!)) {
      groups.push({ start: hanAt, end: start + m.length, toned, hanAt, damaged: true });
    }
  }
  // Runs: groups whose gaps hold only Han characters (the unannotated ones, a few at most).
  const repairs: TextRepair[] = [];
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j + 1 < groups.length && !groups[j + 1]!.damaged && /^\p{Script=Han}{1,3}$/u.test(text.slice(groups[j]!.end, groups[j + 1]!.hanAt + 1))) j++;
    const run = groups.slice(i, j + 1);
    // A damaged group counts only as the head of a run of sound ones.
    const sound = run.filter((g) => !g.damaged);
    if (sound.length >= 2 || (sound.length === 1 && sound[0]!.toned)) {
      for (const g of run) repairs.push({ start: g.start, end: g.end, replacement: "", kind: "phonetic-annotation", reason: "a pinyin annotation glued after a CJK character by a web page" });
    }
    i = j + 1;
  }
  return repairs;
}
