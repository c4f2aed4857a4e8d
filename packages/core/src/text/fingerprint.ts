/**
 * Hashing and the shingle index behind duplicate detection. Keys themselves are made by
 * the fold in fold.ts; they are for comparison only: the text itself is never folded.
 */
import { isCjk } from "./chars.js";

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
 * Shingle hash -> paragraphs that hold it, in typed arrays (open addressing, chained
 * postings) so that a 64 MB document's index stays a small multiple of its size. A slot's
 * key, head and count sit side by side, and so do a posting's paragraph and link: one cache
 * line per step. A shingle held by more than `maxPostings` paragraphs is boilerplate-like
 * and stops being indexed, which bounds every lookup: the whole pass stays linear.
 */
export class ShingleIndex {
  /** [key, head posting, posting count, unused] per slot; key 0 marks an empty slot. */
  private slots: Int32Array;
  private used = 0;
  /** [paragraph, next posting] per posting. */
  private postings: Int32Array;
  private postingCount = 0;

  constructor(
    expected = 1024,
    private readonly maxPostings = 12,
  ) {
    const capacity = 1 << Math.max(10, Math.ceil(Math.log2(expected * 2)));
    this.slots = new Int32Array(capacity * 4);
    this.postings = new Int32Array(Math.max(1024, expected) * 2);
  }

  /** Index (times 4) of the slot holding `key`, or of the empty slot where it belongs. */
  private find(key: number): number {
    const mask = this.slots.length / 4 - 1;
    let i = Math.imul(key, 0x9e3779b1) & mask;
    while (this.slots[i * 4] !== 0 && this.slots[i * 4] !== key) i = (i + 1) & mask;
    return i * 4;
  }

  /**
   * Counts, into `counts[doc]`, the paragraphs holding the shingle (first-touched ones go
   * to `touched`), then records that `doc` holds it too unless `doc` is negative.
   */
  countThenAdd(hash: number, doc: number, counts: Int32Array, touched: number[]): void {
    const key = hash | 0 || 1;
    let s = this.find(key);
    if (this.slots[s] !== 0) {
      if (this.slots[s + 2]! >= this.maxPostings) return;
      for (let p = this.slots[s + 1]!; p >= 0; p = this.postings[p * 2 + 1]!) {
        const d = this.postings[p * 2]!;
        if (counts[d]!++ === 0) touched.push(d);
      }
    }
    if (doc < 0) return;
    if (this.slots[s] === 0) {
      if ((this.used + 1) * 2 > this.slots.length / 4) {
        this.grow();
        s = this.find(key);
      }
      this.slots[s] = key;
      this.slots[s + 1] = -1;
      this.used++;
    }
    if (this.slots[s + 1]! >= 0 && this.postings[this.slots[s + 1]! * 2] === doc) return; // same paragraph twice
    if (this.postingCount * 2 === this.postings.length) {
      const bigger = new Int32Array(this.postings.length * 2);
      bigger.set(this.postings);
      this.postings = bigger;
    }
    this.postings[this.postingCount * 2] = doc;
    this.postings[this.postingCount * 2 + 1] = this.slots[s + 1]!;
    this.slots[s + 1] = this.postingCount++;
    this.slots[s + 2]!++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let j = 0; j < old.length; j += 4) {
      if (old[j] === 0) continue;
      const s = this.find(old[j]!);
      this.slots[s] = old[j]!;
      this.slots[s + 1] = old[j + 1]!;
      this.slots[s + 2] = old[j + 2]!;
    }
  }
}
