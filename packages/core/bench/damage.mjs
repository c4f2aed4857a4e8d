// Damaged samples for R0, made from clean text the way real pages are damaged, and the share
// the engine restores. Used by test/encodingRepair.test.ts (thresholds) and npm run bench (figures).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import iconv from "iconv-lite";
import levenshtein from "fast-levenshtein";
import { prng } from "./generate.mjs";

const require = createRequire(import.meta.url);

/** Deterministic pseudo-random numbers: the benchmark generator's mulberry32. */
export const random = prng;

/**
 * Clean Chinese sentences: the Chinese gold texts of the dev corpus cut at sentence ends,
 * each also in traditional characters (opencc-js), 12 to 80 characters of CJK text.
 */
export function cleanSentences(corpusDir) {
  const OpenCC = require("opencc-js");
  const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });
  const out = [];
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith(".gold.txt")).sort()) {
    const text = readFileSync(join(corpusDir, file), "utf8");
    for (const sentence of text.split(/(?<=[。！？；])|\n/u)) {
      const s = sentence.trim();
      if (s.length < 12 || s.length > 80 || /[A-Za-z\s]/u.test(s) || (s.match(/\p{Script=Han}/gu) ?? []).length < s.length * 0.7) continue;
      out.push(s);
    }
  }
  return [...out, ...out.map((s) => toTraditional(s))];
}

/**
 * GBK bytes decoded one byte off from a point on, until the next ASCII byte puts the decoder
 * back in step (as a browser or scraper does): the first character of the stretch loses its
 * lead byte, the last its trail byte (shown as U+FFFD).
 */
export function shiftDamage(sentence, rand) {
  const at = Math.floor(rand() * Math.max(1, sentence.length - 10));
  const ascii = sentence.slice(at).search(/[\p{ASCII}]/u);
  const stop = ascii < 0 ? sentence.length : at + ascii;
  const stretch = sentence.slice(at, stop);
  const damaged = sentence.slice(0, at) + iconv.decode(iconv.encode(stretch, "gbk").subarray(1), "gbk") + sentence.slice(stop);
  // What can come back: all but those two characters.
  const expected = sentence.slice(0, at) + stretch.slice(1, -1) + sentence.slice(stop);
  // Under five characters to read back is too little evidence for the engine to act on.
  return { damaged, expected, eligible: (stretch.slice(1, -1).match(/\p{Script=Han}/gu) ?? []).length >= 5 };
}

/** Pinyin glued after each character of a run (some characters of the run without), tone marks or numbers. */
export function annotationDamage(sentence, rand) {
  const { pinyin } = require("pinyin-pro");
  const chars = [...sentence];
  const at = Math.floor(rand() * Math.max(1, chars.length - 6));
  const length = 2 + Math.floor(rand() * 5);
  const numbered = rand() < 0.3;
  const full = rand() < 0.2;
  let damaged = "";
  let annotated = 0;
  chars.forEach((ch, i) => {
    damaged += ch;
    const inRun = i >= at && i < at + length && /\p{Script=Han}/u.test(ch);
    if (inRun && (annotated === 0 || rand() > 0.25)) {
      const syllable = pinyin(ch, { toneType: numbered ? "num" : "symbol" });
      damaged += full ? `（${syllable}）` : `(${syllable})`;
      annotated++;
    }
  });
  return { damaged, expected: sentence };
}

/** UTF-8 read as Windows-1252 the way browsers do (WHATWG: the five undefined bytes become C1 controls). */
export function cp1252Damage(sentence) {
  return { damaged: new TextDecoder("windows-1252").decode(Buffer.from(sentence, "utf8")), expected: sentence };
}

/** UTF-8 read as Windows-1252 by a lossy decoder: the five undefined bytes become U+FFFD. */
export function lossyCp1252Damage(sentence) {
  return { damaged: iconv.decode(Buffer.from(sentence, "utf8"), "win1252"), expected: sentence };
}

/**
 * For each kind: samples, and the shares restored exactly, repaired in part (nearer the
 * original than before), left as damaged, and made worse.
 */
export function measureRestoration(clean, sentences, seed = 20261122) {
  const rand = random(seed);
  const kinds = { "gbk-shift": shiftDamage, "phonetic-annotation": annotationDamage, "utf8-as-cp1252": cp1252Damage, "utf8-as-cp1252 (lossy)": lossyCp1252Damage };
  const results = {};
  for (const [kind, damage] of Object.entries(kinds)) {
    let restored = 0;
    let untouched = 0;
    let partial = 0;
    let eligible = 0;
    let eligibleRestored = 0;
    const wrong = [];
    for (const sentence of sentences) {
      const { damaged, expected, eligible: isEligible = true } = damage(sentence, rand);
      if (damaged === expected) continue;
      const out = clean(damaged).text;
      if (isEligible) eligible++;
      if (out === clean(expected).text) {
        restored++;
        if (isEligible) eligibleRestored++;
      }
      else {
        const before = clean(damaged, { skip: ["R0"] }).text;
        const target = clean(expected).text;
        if (out === before) untouched++;
        else if (levenshtein.get(out, target) < levenshtein.get(before, target)) partial++;
        else wrong.push({ damaged, expected, out });
      }
    }
    const n = sentences.length;
    results[kind] = { samples: n, eligible: eligible / n, restoredOfEligible: eligible ? eligibleRestored / eligible : 0, restored: restored / n, partial: partial / n, untouched: untouched / n, wrong: wrong.length / n, examples: wrong.slice(0, 3) };
  }
  return results;
}

/** R0 edits on undamaged text: must be none. */
export function falseRepairs(clean, texts) {
  const found = [];
  for (const text of texts) for (const e of clean(text).report.edits) if (e.rule === "R0" && e.replacement !== undefined) found.push(e);
  return found;
}
