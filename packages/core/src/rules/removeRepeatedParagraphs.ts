import { EditRecorder } from "../document/edits.js";
import { paragraphSpan } from "../document/lines.js";
import type { Document, Notice, ParagraphTable, RepeatCandidates } from "../document/model.js";
import { ruleCode } from "../document/model.js";
import { codePointCount } from "../text/chars.js";
import { numbersOf } from "../text/keys.js";
import { comparisonKey } from "../text/fold.js";
import { fragmentEndsInside, fragmentSimilarity, similarity } from "../text/similarity.js";
import { looseText, recordDuplicate, storedCandidates, textsOf, type TextOf } from "./duplicates.js";
import { repeatsOf } from "./findRepeatCandidates.js";

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
/**
 * Share of sampled shingles a candidate must hold before it is verified. At the
 * near-duplicate bar (0.8 alike) a copy keeps well over half of its shingles, and a
 * fragment keeps nearly all of its own.
 */
const CANDIDATE_SHARE = 0.4;

export interface TwinMatch {
  twin: number;
  kind: "exact-duplicate" | "near-duplicate" | "fragment";
  similarity: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Compares the key of a later paragraph with that of an earlier candidate. */
export function compareKeys(key: string, other: string): Omit<TwinMatch, "twin"> | undefined {
  if (key === other) return { kind: "exact-duplicate", similarity: 1 };
  const shorter = key.length < other.length && (key.length * 4 >= other.length || key.length >= 40);
  if (shorter && other.includes(key)) return { kind: "fragment", similarity: 1 };
  const sim = similarity(key, other, NEAR_DUPLICATE_SIMILARITY);
  // Numbers that differ make two template items different items (`第5批` vs `第6批`).
  if (sim >= NEAR_DUPLICATE_SIMILARITY && (numbersOf(key) === numbersOf(other) || (key.length >= 60 && sim >= 0.9))) {
    return { kind: "near-duplicate", similarity: round(sim) };
  }
  // A fragment must lie wholly inside the earlier paragraph: one that goes on past its end is a
  // continuation, and is text.
  if (shorter) {
    const fit = fragmentSimilarity(key, other);
    if (fit >= FRAGMENT_SIMILARITY && fragmentEndsInside(key, other)) return { kind: "fragment", similarity: round(fit) };
  }
  return undefined;
}

const REASONS: Record<TwinMatch["kind"], string> = {
  "exact-duplicate": "repeats an earlier paragraph (identical after normalising spaces and punctuation); the first is kept",
  "near-duplicate": "repeats an earlier paragraph up to OCR noise, punctuation or a list prefix; the first is kept",
  fragment: "a truncated copy of part of an earlier paragraph; the first is kept",
};

function eligible(repeats: RepeatCandidates, j: number): boolean {
  const min = repeats.cjk[j] ? MIN_KEY.cjk : MIN_KEY.latin;
  return repeats.keyLength[j]! >= min && repeats.titleLike[j] === 0;
}

const R3 = ruleCode("R3");

export function removeRepeatedParagraphs(input: Document): Document {
  const doc = repeatsOf(input);
  const { repeats } = doc;
  const paragraphs = { ...doc.paragraphs, removedBy: doc.paragraphs.removedBy.slice() };
  const { removedBy } = paragraphs;
  const textOf = textsOf(doc, paragraphs);
  /** Removed paragraph -> the kept paragraph it repeats. */
  const keptTwin = new Map<number, number>();
  const resolve = (i: number) => keptTwin.get(i) ?? i;
  const edits = new EditRecorder();
  const warnings: Notice[] = [];
  /** Short lines and titles seen, and whether their repeat was reported (once per text is enough). */
  const seenShort = new Map<string, boolean>();
  let previousLive = -1;

  for (let j = 0; j < paragraphs.count; j++) {
    if (removedBy[j] !== 0) continue;
    const isEligible = eligible(repeats, j);
    let match: TwinMatch | undefined;
    if (isAdjacentRepeat(textOf, repeats, previousLive, j)) {
      match = { twin: previousLive, kind: "exact-duplicate", similarity: 1 };
    } else if (isEligible) {
      match = findTwin(paragraphs, textOf, repeats, j, resolve);
    }
    if (match) {
      removedBy[j] = R3;
      keptTwin.set(j, match.twin);
      recordDuplicate(edits, doc, paragraphs, j, match, REASONS[match.kind], "R3");
      continue;
    }
    if (!isEligible) {
      const loose = looseText(textOf(j));
      const warned = seenShort.get(loose);
      if (warned === false) {
        warnings.push({ rule: "R3", kind: "short-repeat-kept", ...paragraphSpan(doc, paragraphs, j), message: "a short line or title repeats an earlier one; kept, as such repeats are often legitimate (reported at its first repeat)" });
        seenShort.set(loose, true);
      } else if (warned === undefined) {
        seenShort.set(loose, false);
      }
    }
    previousLive = j;
  }
  return { ...doc, paragraphs, edits: edits.appendTo(doc.edits), warnings: doc.warnings.concat(warnings) };
}

/** An exact repeat of the paragraph just before is never legitimate, however short. */
function isAdjacentRepeat(textOf: TextOf, repeats: RepeatCandidates, previous: number, j: number): boolean {
  if (previous < 0 || repeats.keyHash[previous] !== repeats.keyHash[j] || repeats.keyLength[previous] !== repeats.keyLength[j]) return false;
  const loose = looseText(textOf(j));
  return codePointCount(loose) >= 4 && loose === looseText(textOf(previous));
}

/** Verifies the detector's candidates for paragraph j, the exact twin first. */
function findTwin(paragraphs: ParagraphTable, textOf: TextOf, repeats: RepeatCandidates, j: number, resolve: (i: number) => number): TwinMatch | undefined {
  const exact = repeats.exact[j]!;
  if (exact < 0 && repeats.offsets[j] === repeats.offsets[j + 1]) return undefined; // nothing proposed
  const candidates = [...(exact >= 0 ? [exact] : []), ...storedCandidates(repeats, j, CANDIDATE_SHARE).map((c) => c.doc)].slice(0, 5);
  if (candidates.length === 0) return undefined;
  const key = comparisonKey(textOf(j));
  const tried = new Set<number>();
  for (const c of candidates) {
    // A candidate removed as a repeat stands for the paragraph it repeats.
    const twin = resolve(c);
    if (tried.has(twin) || paragraphs.removedBy[twin] !== 0 || repeats.cjk[twin] !== repeats.cjk[j]) continue;
    tried.add(twin);
    if (!eligible(repeats, twin)) continue;
    const verdict = compareKeys(key, comparisonKey(textOf(twin)));
    if (verdict) return { twin, ...verdict };
  }
  return undefined;
}
