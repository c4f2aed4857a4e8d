/**
 * What R3 and R4 share: per-paragraph comparison keys, the shingle index that proposes
 * candidate twins, and twin references for the report.
 */
import { paragraphSpan } from "../document/lines.js";
import type { Paragraph, TwinRef } from "../document/model.js";
import { comparisonKey, sampleShingles, ShingleIndex } from "../text/fingerprint.js";

export interface Keyed {
  key: string;
  /** Whitespace-free text, for exact matches of short lines that keys would reduce to nothing. */
  loose: string;
}

export function keyParagraphs(paragraphs: readonly Paragraph[]): Keyed[] {
  return paragraphs.map((p) => ({ key: comparisonKey(p.text), loose: p.text.replace(/[\s\u3000]+/gu, "") }));
}

export function twinRef(paragraphs: readonly Paragraph[], index: number, last = index): TwinRef {
  const first = paragraphSpan(paragraphs[index]!);
  const end = paragraphSpan(paragraphs[last]!).end;
  return { start: first.start, end, line: first.line, paragraph: index };
}

/** Candidate earlier paragraphs for a key, with how many sampled shingles each shares. */
export function candidatesFor(index: ShingleIndex, key: string, limit: number): { doc: number; shared: number; sampled: number }[] {
  const shingles = sampleShingles(key);
  const counts = new Map<number, number>();
  for (const s of shingles) index.forEach(s.hash, (doc) => counts.set(doc, (counts.get(doc) ?? 0) + 1));
  return [...counts.entries()]
    .map(([doc, shared]) => ({ doc, shared, sampled: shingles.length }))
    .sort((a, b) => b.shared - a.shared || a.doc - b.doc)
    .slice(0, limit);
}

export function indexKey(index: ShingleIndex, key: string, doc: number): void {
  for (const s of sampleShingles(key)) index.add(s.hash, doc);
}
