/**
 * What R3 and R4 share: reading the detector's candidates, recording a removed duplicate
 * with its kept twin, and the whitespace-free text that short lines are compared by.
 */
import { editLabel, type EditRecorder } from "../document/edits.js";
import { paragraphSpan, paragraphText } from "../document/lines.js";
import type { Document, ParagraphTable, RepeatCandidates, RuleId } from "../document/model.js";
import { isSpaceUnit } from "../text/chars.js";

/** A paragraph's text, made when asked for (see `ParagraphTable`). */
export type TextOf = (j: number) => string;

export function textsOf(doc: Document, paragraphs: ParagraphTable): TextOf {
  return (j) => paragraphText(doc, paragraphs, j);
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
export function looseText(text: string): string {
  return text.replace(SPACES, "");
}

/** `looseText(a) === looseText(b)`, without making either: most pairs differ at once. */
export function sameLooseText(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSpaceUnit(a.charCodeAt(i))) i++;
    while (j < b.length && isSpaceUnit(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i++) !== b.charCodeAt(j++)) return false;
  }
}

export interface DuplicateMatch {
  /** The kept paragraph, or the first and last of a kept run. */
  twin: number;
  twinEnd?: number;
  kind: string;
  similarity: number;
}

/** Records the removal of duplicate paragraph j: what, where, and where its kept twin is. */
export function recordDuplicate(edits: EditRecorder, doc: Document, paragraphs: ParagraphTable, j: number, match: DuplicateMatch, reason: string, rule: RuleId): void {
  const label = editLabel(rule, match.kind, reason);
  const { start, end } = paragraphSpan(doc, paragraphs, j);
  const twin = { start: paragraphSpan(doc, paragraphs, match.twin).start, end: paragraphSpan(doc, paragraphs, match.twinEnd ?? match.twin).end, paragraph: match.twin };
  edits.add(label, start, end, start, end, { text: paragraphText(doc, paragraphs, j), twin, similarity: match.similarity });
}
