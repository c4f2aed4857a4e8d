/**
 * Small helpers over comparison keys (made by the fold in fold.ts; keys are for comparison
 * only: the text itself is never folded).
 */
import { isCjk } from "./chars.js";
import { shingleSizeOf } from "./fold.js";

/** Numbers in a key, in order: two items that differ in them are different items. */
export function numbersOf(key: string): string {
  return (key.match(/[0-9]+/gu) ?? []).join(",");
}

/** Whether a key is mostly CJK, which sets the shingle length. */
export function isCjkKey(key: string): boolean {
  let cjk = 0;
  const n = Math.min(key.length, 64);
  for (let i = 0; i < n; i++) if (isCjk(key.charCodeAt(i))) cjk++;
  return cjk * 2 >= n;
}

/** FNV-1a over UTF-16 units of s[from, to): the one hash the engine and its benchmark floor use. */
export function fnv1a(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Shingle length for a key, as the fingerprint uses it. */
export function shingleSize(key: string): number {
  return shingleSizeOf(isCjkKey(key));
}
