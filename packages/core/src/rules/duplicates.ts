/**
 * What R3 and R4 share: reading the detector's candidates, twin references for the report,
 * and the whitespace-free text that short lines are compared by.
 */
import { paragraphSpan } from "../document/lines.js";
import type { Paragraph, RepeatCandidates, TwinRef } from "../document/model.js";

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
