/**
 * Comparison keys and shingles for duplicate detection. A key keeps only letters and
 * digits (full-width forms folded to ASCII, Latin lower-cased) and drops a leading list
 * prefix, so that OCR noise in spacing, punctuation width or numbering does not hide a
 * repeat. Keys are for comparison only: the text itself is never folded.
 */
import { isCjk } from "./chars.js";

const LIST_PREFIX = /^\s*(?:[(（]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[)）]|[0-9０-９]{1,3}\s*[.、．](?![0-9０-９])|[一二三四五六七八九十]{1,3}\s*[、．.]|[①-⑳])\s*/u;

const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const FULL_WIDTH_ALNUM = /[０-９Ａ-Ｚａ-ｚ]/gu;
const HAS_UPPER = /[A-Z\u00c0-\u024f\u0370-\u052f]/u;
const HAS_FULL_WIDTH_ALNUM = /[０-９Ａ-Ｚａ-ｚ]/u;

export function comparisonKey(text: string): string {
  let key = text.replace(LIST_PREFIX, "").replace(NOT_WORD, "");
  if (HAS_FULL_WIDTH_ALNUM.test(key)) key = key.replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return HAS_UPPER.test(key) ? key.toLowerCase() : key;
}

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

/** Shingle length: three characters carry a CJK word or two; Latin needs more letters. */
export function shingleSize(key: string): number {
  return isCjkKey(key) ? 3 : 6;
}

/**
 * A sample of a key's shingle hashes that two copies of a text share: every shingle whose
 * hash falls in a fixed 1/`rate` slice (so a fragment shares the sample of its source),
 * topped up with the first others (so a short key is never left without `minimum`).
 */
export function sampleShingles(key: string, minimum = 4): number[] {
  const size = shingleSize(key);
  // Long keys have shingles to spare; h % 8 === 0 implies h % 4 === 0, so a short
  // fragment's sample still holds every sampled shingle of its long source.
  const rate = key.length < 160 ? 4 : 8;
  if (key.length < size) return key.length === 0 ? [] : [fnv1a(key)];
  const sampled: number[] = [];
  const others: number[] = [];
  const last = key.length - size;
  for (let at = 0; at <= last; at++) {
    let h = 0x811c9dc5;
    for (let i = at; i < at + size; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h >>>= 0;
    if (h % rate === 0) sampled.push(h);
    else if (others.length < minimum) others.push(h);
  }
  for (let i = 0; sampled.length < minimum && i < others.length; i++) sampled.push(others[i]!);
  return sampled;
}

/**
 * Shingle hash -> paragraphs that hold it, in typed arrays (open addressing, chained
 * postings) so that a 64 MB document's index stays a small multiple of its size.
 * A shingle held by more than `maxPostings` paragraphs is boilerplate-like and stops
 * being indexed, which bounds every lookup: the whole pass stays linear.
 */
export class ShingleIndex {
  private keys: Int32Array;
  private heads: Int32Array;
  private counts: Int32Array;
  private used = 0;
  private nextPosting: Int32Array;
  private postingDoc: Int32Array;
  private postings = 0;

  constructor(expected = 1024, private readonly maxPostings = 12) {
    const capacity = 1 << Math.max(10, Math.ceil(Math.log2(expected * 2)));
    this.keys = new Int32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.counts = new Int32Array(capacity);
    this.nextPosting = new Int32Array(expected);
    this.postingDoc = new Int32Array(expected);
  }

  private slot(hash: number): number {
    const mask = this.keys.length - 1;
    const key = hash | 0 || 1; // 0 marks an empty slot
    let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  add(hash: number, doc: number): void {
    if (this.used * 2 >= this.keys.length) this.grow();
    const i = this.slot(hash);
    if (this.keys[i] === 0) {
      this.keys[i] = hash | 0 || 1;
      this.used++;
    }
    if (this.counts[i]! >= this.maxPostings) return;
    const head = this.heads[i]!;
    if (head >= 0 && this.postingDoc[head] === doc) return; // same paragraph twice
    if (this.postings === this.postingDoc.length) {
      const size = this.postings * 2;
      const next = new Int32Array(size);
      next.set(this.nextPosting);
      this.nextPosting = next;
      const docs = new Int32Array(size);
      docs.set(this.postingDoc);
      this.postingDoc = docs;
    }
    this.postingDoc[this.postings] = doc;
    this.nextPosting[this.postings] = head;
    this.heads[i] = this.postings++;
    this.counts[i]!++;
  }

  /**
   * Adds one to `counts[doc]` for each paragraph holding the shingle (none for boilerplate
   * shingles), recording first-touched paragraphs in `touched`.
   */
  count(hash: number, counts: Int32Array, touched: number[]): void {
    const i = this.slot(hash);
    if (this.keys[i] === 0 || this.counts[i]! >= this.maxPostings) return;
    for (let p = this.heads[i]!; p >= 0; p = this.nextPosting[p]!) {
      const doc = this.postingDoc[p]!;
      if (counts[doc]!++ === 0) touched.push(doc);
    }
  }

  /** Calls `visit` for each paragraph holding the shingle, newest first; none for boilerplate shingles. */
  forEach(hash: number, visit: (doc: number) => void): void {
    const i = this.slot(hash);
    if (this.keys[i] === 0 || this.counts[i]! >= this.maxPostings) return;
    for (let p = this.heads[i]!; p >= 0; p = this.nextPosting[p]!) visit(this.postingDoc[p]!);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    const oldCounts = this.counts;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.heads = new Int32Array(oldKeys.length * 2).fill(-1);
    this.counts = new Int32Array(oldKeys.length * 2);
    for (let j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] === 0) continue;
      const i = this.slot(oldKeys[j]!);
      this.keys[i] = oldKeys[j]!;
      this.heads[i] = oldHeads[j]!;
      this.counts[i] = oldCounts[j]!;
    }
  }
}
