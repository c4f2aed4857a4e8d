import { CLASS_RUNS } from "./tables.generated.js";
import { expandValueRuns } from "./tables.js";

/**
 * Character classes used by every pass. Code points, not UTF-16 units, so that
 * CJK Extension B and later characters are classified like the rest.
 */

/** Han ideographs (all extensions), kana and Hangul: characters that join with no separator. */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x323af) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0xac00 && cp <= 0xd7af)
  );
}

/** Full-width punctuation and forms (CJK symbols block, half/full-width forms, CJK quotes). */
export function isFullWidthPunct(cp: number): boolean {
  return (
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff00 && cp <= 0xff65) ||
    cp === 0x201c || cp === 0x201d || cp === 0x2018 || cp === 0x2019 ||
    cp === 0x2026 || cp === 0x2014 || cp === 0x00b7
  );
}

/** Latin letters including accented ones (Basic Latin through Latin Extended-B). */
export function isLatinLetter(cp: number): boolean {
  return (
    (cp >= 0x41 && cp <= 0x5a) ||
    (cp >= 0x61 && cp <= 0x7a) ||
    (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7)
  );
}

/**
 * A control character no text means (0x00–0x1F but tab, line feed, vertical tab, form feed,
 * carriage return and escape): the same test for a byte of the input and a unit of its text.
 */
export function isStrayControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b;
}

export function isAsciiDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

/**
 * Class bits of every BMP code unit, expanded from generated data (`tableSources.ts` derives
 * it from the predicates here): the passes classify each character they read, and one lookup
 * costs less than a chain of range tests.
 */
export const CHAR_CLASS_BITS = { cjk: 1, latin: 2, wide: 4, lowSurrogate: 8, space: 16 } as const;
const { cjk: CJK_BIT, latin: LATIN_BIT, wide: WIDE_BIT, lowSurrogate: LOW_SURROGATE_BIT, space: SPACE_BIT } = CHAR_CLASS_BITS;

/** What JavaScript's `\s` matches: white space (Zs and the ASCII controls) and line terminators. */
export const SPACE_UNITS = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];

const CLASS = expandValueRuns(CLASS_RUNS);

/** A UTF-16 unit that `\s` matches. */
export function isSpaceUnit(c: number): boolean {
  return (CLASS[c]! & SPACE_BIT) !== 0;
}

/**
 * Printed width in half-width cells: East Asian wide and full-width characters take two.
 * Used to recognise hard-wrapped lines, whose widths cluster at the column width.
 */
export function displayWidth(text: string): number {
  return displayWidthOf(text, 0, text.length);
}

/** Display width of text[from, to). */
export function displayWidthOf(text: string, from: number, to: number): number {
  let width = to - from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x1100) continue;
    const bits = CLASS[c]!;
    // The low half of an astral pair is counted with its high half.
    if (bits & WIDE_BIT) width++;
    else if (bits & LOW_SURROGATE_BIT) width--;
  }
  return width;
}

export function isWide(c: number): boolean {
  return (
    c <= 0x115f ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xd800 && c <= 0xdbff) || // astral characters in text are almost all CJK extensions
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0x2026 || c === 0x2014
  );
}

/** The share of letters in text[0, end) that are CJK; 0 when it has no letters. */
export function cjkShare(text: string, end = text.length): number {
  let cjk = 0;
  let letters = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const cp = text.codePointAt(i)!;
      i++;
      if (isCjk(cp)) {
        cjk++;
        letters++;
      }
      continue;
    }
    const bits = CLASS[c]!;
    if (bits & CJK_BIT) {
      cjk++;
      letters++;
    } else if (bits & LATIN_BIT) {
      letters++;
    }
  }
  return letters === 0 ? 0 : cjk / letters;
}

/** Last code point of a string, or -1 when empty. */
export function lastCodePoint(text: string): number {
  if (text.length === 0) return -1;
  const last = text.charCodeAt(text.length - 1);
  if (last >= 0xdc00 && last <= 0xdfff && text.length > 1) return text.codePointAt(text.length - 2)!;
  return last;
}

export function firstCodePoint(text: string): number {
  return text.length === 0 ? -1 : text.codePointAt(0)!;
}

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Number of code points in s[0, end): converts a UTF-16 index into a code-point offset. */
export function codePointCount(s: string, end = s.length): number {
  if (!HIGH_SURROGATE.test(s)) return end;
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) n++;
  }
  return n;
}

/**
 * A fixed set of BMP characters, tested by code unit with one lookup: the cheap first test a
 * line must pass before a pattern runs on it. `ranges` are inclusive pairs of characters.
 */
export function charSet(chars: string, ...ranges: (readonly [string, string])[]): (c: number) => boolean {
  const member = charTable(chars, ...ranges);
  return (c: number) => member[c] === 1;
}

/**
 * The same set as a table over all BMP code units (1: in the set), for loops over a whole
 * text: read directly, it scans several times faster than a regular expression's class.
 */
export function charTable(chars: string, ...ranges: (readonly [string, string])[]): Uint8Array {
  const member = new Uint8Array(0x10000);
  for (let i = 0; i < chars.length; i++) member[chars.charCodeAt(i)] = 1;
  for (const [from, to] of ranges) member.fill(1, from.charCodeAt(0), to.charCodeAt(0) + 1);
  return member;
}
