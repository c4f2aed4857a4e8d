/**
 * What R3 and R4 share: per-paragraph comparison keys, the shingle index that proposes
 * candidate twins, and twin references for the report.
 */
import { paragraphSpan } from "../document/lines.js";
import type { Paragraph, TwinRef } from "../document/model.js";
import { comparisonKey, isCjkKey, sampleShingles, ShingleIndex } from "../text/fingerprint.js";

export interface Keyed {
  key: string;
  cjk: boolean;
  /** The key's sampled shingle hashes. */
  shingles: readonly number[];

}

/** Paragraphs are immutable, so their keys can be remembered between R3 and R4. */
const memo = new WeakMap<Paragraph, Keyed>();
const SPACES = /[\s\u3000]+/gu;

export function keyOf(p: Paragraph): Keyed {
  let keyed = memo.get(p);
  if (!keyed) {
    const key = comparisonKey(p.text);
    keyed = { key, cjk: isCjkKey(key), shingles: sampleShingles(key) };
    memo.set(p, keyed);
  }
  return keyed;
}

/** Whitespace-free text, for exact matches of short lines that keys would reduce to nothing. */
export function looseText(p: Paragraph): string {
  return p.text.replace(SPACES, "");
}

export function keyParagraphs(paragraphs: readonly Paragraph[]): Keyed[] {
  return paragraphs.map(keyOf);
}

export function twinRef(paragraphs: readonly Paragraph[], index: number, last = index): TwinRef {
  const first = paragraphSpan(paragraphs[index]!);
  const end = paragraphSpan(paragraphs[last]!).end;
  return { start: first.start, end, line: first.line, paragraph: index };
}

export interface Candidate {
  doc: number;
  /** How many of the key's sampled shingles the candidate holds. */
  shared: number;
}

/**
 * Earlier paragraphs that hold at least `minShare` of a key's sampled shingles, most
 * shared first. A real repeat shares most of them; a paragraph that merely uses the
 * same common words shares a few and is never verified.
 */
export class CandidateFinder {
  private readonly counts: Int32Array;
  private readonly touched: number[] = [];

  constructor(private readonly index: ShingleIndex, paragraphs: number) {
    this.counts = new Int32Array(paragraphs);
  }

  find(shingles: readonly number[], limit: number, minShare: number): Candidate[] {
    if (shingles.length === 0) return [];
    for (const h of shingles) this.index.count(h, this.counts, this.touched);
    const needed = Math.max(1, Math.ceil(minShare * shingles.length));
    const found: Candidate[] = [];
    for (const doc of this.touched) {
      if (this.counts[doc]! >= needed) found.push({ doc, shared: this.counts[doc]! });
      this.counts[doc] = 0;
    }
    this.touched.length = 0;
    return found.length <= 1 ? found : found.sort((a, b) => b.shared - a.shared || a.doc - b.doc).slice(0, limit);
  }
}

export function indexShingles(index: ShingleIndex, shingles: readonly number[], doc: number): void {
  for (const h of shingles) index.add(h, doc);
}
