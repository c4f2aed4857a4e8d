import { paragraphSpan, paragraphsOf } from "../document/lines.js";
import type { Document, Edit, Paragraph, Warning } from "../document/model.js";
import { numbersOf, ShingleIndex } from "../text/fingerprint.js";
import { fragmentSimilarity, similarity } from "../text/similarity.js";
import { isTitleLike } from "../text/units.js";
import { codePointCount } from "../text/chars.js";
import { CandidateFinder, indexShingles, keyParagraphs, looseText, twinRef, type Keyed } from "./duplicates.js";

/**
 * R3: a paragraph that repeats an earlier one is removed, the first kept. "Repeats"
 * includes OCR noise, different spacing or punctuation width, a changed list prefix, and
 * a later copy cut short (a prefix or a fragment of the first). Titles and short lines
 * are never removed here: a headline repeated by its lead, a template list item, a
 * repeated `一、` are all legitimate. Whole repeated runs are R4's.
 */

/** Shortest key (letters and digits) a paragraph needs before it can count as a repeat. */
const MIN_KEY = { cjk: 10, latin: 24 };
/** Near-duplicates: at least this alike after normalisation. */
export const NEAR_DUPLICATE_SIMILARITY = 0.8;
/** Fragments: how closely the later copy matches a stretch of the first. */
export const FRAGMENT_SIMILARITY = 0.85;

export interface TwinMatch {
  twin: number;
  kind: "exact-duplicate" | "near-duplicate" | "fragment";
  similarity: number;
}

function minKey(k: Keyed): number {
  return k.cjk ? MIN_KEY.cjk : MIN_KEY.latin;
}

/** Judges paragraph `j` against the earlier candidates the index proposes. */
export function findTwin(j: number, keyed: readonly Keyed[], finder: CandidateFinder, exact: Map<string, number>): TwinMatch | undefined {
  const { key, cjk, shingles } = keyed[j]!;
  const first = exact.get(key);
  if (first !== undefined) return { twin: first, kind: "exact-duplicate", similarity: 1 };
  for (const c of finder.find(shingles, 4, CANDIDATE_SHARE)) {
    const other = keyed[c.doc]!.key;
    if (keyed[c.doc]!.cjk !== cjk) continue;
    const shorter = key.length < other.length && (key.length * 4 >= other.length || key.length >= 40);
    if (shorter && other.includes(key)) return { twin: c.doc, kind: "fragment", similarity: 1 };
    const sim = similarity(key, other, NEAR_DUPLICATE_SIMILARITY);
    // Numbers that differ make two template items different items (`第5批` vs `第6批`).
    if (sim >= NEAR_DUPLICATE_SIMILARITY && (numbersOf(key) === numbersOf(other) || (key.length >= 60 && sim >= 0.9))) {
      return { twin: c.doc, kind: "near-duplicate", similarity: round(sim) };
    }
    if (shorter) {
      const fit = fragmentSimilarity(key, other);
      if (fit >= FRAGMENT_SIMILARITY) return { twin: c.doc, kind: "fragment", similarity: round(fit) };
    }
  }
  return undefined;
}

/**
 * Share of sampled shingles a candidate must hold before it is verified. At the
 * near-duplicate bar (0.8 alike) a copy keeps well over half of its shingles, and a
 * fragment keeps nearly all of its own.
 */
const CANDIDATE_SHARE = 0.4;

const round = (x: number) => Math.round(x * 1000) / 1000;

const REASONS: Record<TwinMatch["kind"], string> = {
  "exact-duplicate": "repeats an earlier paragraph (identical after normalising spaces and punctuation); the first is kept",
  "near-duplicate": "repeats an earlier paragraph up to OCR noise, punctuation or a list prefix; the first is kept",
  fragment: "a truncated copy of part of an earlier paragraph; the first is kept",
};

export function removeRepeatedParagraphs(doc: Document): Document {
  const paragraphs = [...paragraphsOf(doc)];
  const keyed = keyParagraphs(paragraphs);
  const index = new ShingleIndex(Math.max(1024, paragraphs.length * 8));
  const finder = new CandidateFinder(index, paragraphs.length);
  const exact = new Map<string, number>();
  const edits: Edit[] = [];
  const warnings: Warning[] = [];
  const seenShort = new Set<string>();
  let previousLive = -1;

  for (let j = 0; j < paragraphs.length; j++) {
    const p = paragraphs[j]!;
    const { key } = keyed[j]!;
    if (p.removedBy) continue;
    const eligible = key.length >= minKey(keyed[j]!) && !isTitleLike(p.text);
    // An exact repeat of the line just before is never legitimate, however short.
    const adjacentRepeat =
      previousLive >= 0 && p.text.length <= paragraphs[previousLive]!.text.length + 8 && key === keyed[previousLive]!.key && codePointCount(looseText(p)) >= 4 && looseText(p) === looseText(paragraphs[previousLive]!);
    let match: TwinMatch | undefined;
    if (adjacentRepeat) match = { twin: previousLive, kind: "exact-duplicate", similarity: 1 };
    else if (eligible) match = findTwin(j, keyed, finder, exact);
    if (match) {
      paragraphs[j] = removed(p);
      edits.push(duplicateEdit(paragraphs, j, match, REASONS[match.kind]));
      continue;
    }
    if (eligible) {
      if (!exact.has(key)) exact.set(key, j);
      indexShingles(index, keyed[j]!.shingles, j);
    } else if (seenShort.has(looseText(p))) {
      const span = paragraphSpan(p);
      warnings.push({ rule: "R3", kind: "short-repeat-kept", ...span, message: "a short line or title repeats an earlier one; kept, as such repeats are often legitimate" });
    } else {
      seenShort.add(looseText(p));
    }
    previousLive = j;
  }
  return { ...doc, paragraphs, edits: doc.edits.concat(edits), warnings: doc.warnings.concat(warnings) };
}

function removed(p: Paragraph, rule: "R3" | "R4" = "R3"): Paragraph {
  return { ...p, removedBy: rule };
}

/** The report entry for a removed duplicate paragraph: what, where, and where its kept twin is. */
export function duplicateEdit(paragraphs: readonly Paragraph[], j: number, match: { twin: number; twinEnd?: number; kind: string; similarity: number }, reason: string, rule: "R3" | "R4" = "R3"): Edit {
  const p = paragraphs[j]!;
  const span = paragraphSpan(p);
  return {
    rule,
    kind: match.kind,
    start: span.start,
    end: span.end,
    line: span.line,
    text: p.text,
    reason,
    keptAt: twinRef(paragraphs, match.twin, match.twinEnd ?? match.twin),
    similarity: match.similarity,
  };
}

export { removed as markRemoved };
