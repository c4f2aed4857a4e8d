/**
 * What R3 and R4 share: the candidate finder over the shingle index, twin references for
 * the report, and verification of a candidate by its comparison key.
 */
import { paragraphSpan } from "../document/lines.js";
import type { Paragraph, RepeatCandidates, TwinRef } from "../document/model.js";
import type { ShingleIndex } from "../text/fingerprint.js";

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
 * Earlier paragraphs that hold at least `minShare` of a paragraph's sampled shingles, most
 * shared first; the paragraph itself is then indexed (unless `doc` is negative). A real
 * repeat shares most of them; a paragraph that merely uses the same common words shares a
 * few and is never verified.
 */
export class CandidateFinder {
  private readonly counts: Int32Array;
  private readonly touched: number[] = [];

  constructor(
    private readonly index: ShingleIndex,
    paragraphs: number,
  ) {
    this.counts = new Int32Array(paragraphs);
  }

  findThenAdd(shingles: readonly number[], doc: number, limit: number, minShare: number): Candidate[] {
    if (shingles.length === 0) return [];
    for (const h of shingles) this.index.countThenAdd(h, doc, this.counts, this.touched);
    const needed = Math.max(1, Math.ceil(minShare * shingles.length));
    const found: Candidate[] = [];
    for (const d of this.touched) {
      if (this.counts[d]! >= needed && d !== doc) found.push({ doc: d, shared: this.counts[d]! });
      this.counts[d] = 0;
    }
    this.touched.length = 0;
    return found.length <= 1 ? found : found.sort((a, b) => b.shared - a.shared || a.doc - b.doc).slice(0, limit);
  }
}

/** The stored candidates of paragraph j with at least `minShare` of its sample, most shared first. */
export function storedCandidates(repeats: RepeatCandidates, j: number, minShare: number): Candidate[] {
  const needed = Math.max(1, Math.ceil(minShare * repeats.sampled[j]!));
  const out: Candidate[] = [];
  for (let k = repeats.offsets[j]!; k < repeats.offsets[j + 1]!; k++) {
    if (repeats.shared[k]! >= needed) out.push({ doc: repeats.docs[k]!, shared: repeats.shared[k]! });
  }
  return out;
}

const SPACES = /[\s\u3000]+/gu;

/** Whitespace-free text, for exact matches of short lines that keys would reduce to nothing. */
export function looseText(p: Paragraph): string {
  return p.text.replace(SPACES, "");
}
