import type { TextRepair } from "../document/repair.js";

/**
 * R0: inline phonetic annotations a web page glued after CJK characters,
 * `運(yùn)動(dòng)會(huì)` -> `運動會`, with tone marks or tone numbers (`yun4`, `de0`), in ASCII or
 * full-width brackets. A run of them after CJK characters one by one is an annotation (some
 * characters of the run may carry none); so is a single group with a tone. A group after
 * Latin text (`(yes)`), in capitals (`(UN)`) or naming a word (`(zhōngguó)`) is not one.
 */
const TONED_VOWEL = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
const SYLLABLE = `(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouüv${TONED_VOWEL}]{1,4}(?:ng|n|r)?[0-5]?|ng|m|hm|n`;
const GROUP = new RegExp(`[(（](${SYLLABLE})[)）]`, "gu");
const SYLLABLE_ONLY = new RegExp(`^(?:${SYLLABLE})$`, "u");
const HAN = /\p{Script=Han}/u;
const HAS_TONE = new RegExp(`[${TONED_VOWEL}0-5]`, "u");

export function removePhoneticAnnotations(text: string): TextRepair[] {
  if (!text.includes("(") && !text.includes("（")) return [];
  // Each group directly after a Han character, with where that character stands.
  const groups: Array<{ start: number; end: number; toned: boolean; hanAt: number }> = [];
  for (const m of text.matchAll(GROUP)) {
    const before = text.codePointAt(m.index - 1) ?? 0;
    const hanAt = before >= 0xdc00 && before <= 0xdfff ? m.index - 2 : m.index - 1;
    if (hanAt < 0 || !HAN.test(String.fromCodePoint(text.codePointAt(hanAt)!))) continue;
    if (!SYLLABLE_ONLY.test(m[1]!)) continue;
    groups.push({ start: m.index, end: m.index + m[0].length, toned: HAS_TONE.test(m[1]!), hanAt });
  }
  // Runs: groups whose gaps hold only Han characters (the unannotated ones, a few at most).
  const repairs: TextRepair[] = [];
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j + 1 < groups.length && /^\p{Script=Han}{1,3}$/u.test(text.slice(groups[j]!.end, groups[j + 1]!.hanAt + 1))) j++;
    const run = groups.slice(i, j + 1);
    if (run.length >= 2 || run[0]!.toned) {
      for (const g of run) repairs.push({ start: g.start, end: g.end, replacement: "", kind: "phonetic-annotation", reason: "a pinyin annotation glued after a CJK character by a web page" });
    }
    i = j + 1;
  }
  return repairs;
}
