/**
 * Verification of duplicate candidates. Candidates come from the detector's shingle join;
 * only they are compared here, with fast-levenshtein, so the cost is linear in the document.
 */
import levenshtein from "fast-levenshtein";
import { fnv1a, shingleSize } from "./keys.js";

/** Longest key compared character by character; longer pairs are judged on shingles. */
export const MAX_EDIT_DISTANCE_LENGTH = 3000;

/** 1 - edit distance / longer length, or 0 when the lengths alone rule out `threshold`. */
export function similarity(a: string, b: string, threshold: number): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  if (Math.min(a.length, b.length) / longer < threshold) return 0;
  if (longer > MAX_EDIT_DISTANCE_LENGTH) return shingleOverlap(a, b);
  return 1 - levenshtein.get(a, b) / longer;
}

/** Share of the shorter text's shingles found in the longer one (for very long texts). */
export function shingleOverlap(a: string, b: string): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const size = shingleSize(short);
  const present = new Set<number>();
  for (let i = 0; i + size <= long.length; i++) present.add(fnv1a(long, i, i + size));
  let hit = 0;
  let total = 0;
  for (let i = 0; i + size <= short.length; i += size) {
    total++;
    if (present.has(fnv1a(short, i, i + size))) hit++;
  }
  return total === 0 ? 0 : (hit / total) * (short.length / long.length);
}

/**
 * How well `fragment` matches some stretch of `whole`: 1 when it is a substring; otherwise
 * the best similarity to the stretch of the same length that its shingles align with.
 */
export function fragmentSimilarity(fragment: string, whole: string): number {
  if (fragment.length === 0 || fragment.length > whole.length) return 0;
  if (whole.includes(fragment)) return 1;
  const size = shingleSize(fragment);
  let best = 0;
  const tried = new Set<number>();
  // Anchor on a few shingles spread over the fragment: one OCR error cannot hide them all.
  const anchors = [0, Math.floor(fragment.length / 3), Math.floor((2 * fragment.length) / 3), fragment.length - size];
  for (const at of anchors) {
    if (at < 0 || at + size > fragment.length) continue;
    const found = whole.indexOf(fragment.slice(at, at + size));
    if (found < 0) continue;
    const offset = Math.max(0, Math.min(whole.length - fragment.length, found - at));
    if (tried.has(offset)) continue;
    tried.add(offset);
    const window = whole.slice(offset, offset + fragment.length);
    best = Math.max(best, similarity(fragment, window, 0));
  }
  return best;
}

/**
 * Both ends of `fragment` stand in `whole`, its start before its end: a copy cut short on
 * both sides, not a paragraph that starts inside `whole` and then goes on with text of its own.
 */
export function fragmentEndsInside(fragment: string, whole: string): boolean {
  const size = shingleSize(fragment);
  if (fragment.length < 2 * size) return whole.includes(fragment);
  const start = whole.indexOf(fragment.slice(0, size));
  if (start < 0) return false;
  return whole.indexOf(fragment.slice(fragment.length - size), start + size) >= 0;
}
