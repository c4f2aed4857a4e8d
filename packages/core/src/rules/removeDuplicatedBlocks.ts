import { EditRecorder } from "../document/edits.js";
import { paragraphSpan } from "../document/lines.js";
import type { Document, ParagraphTable, RepeatCandidates } from "../document/model.js";
import { EDIT_FIELDS, ruleCode } from "../document/model.js";
import { comparisonKey } from "../text/fold.js";
import { similarity } from "../text/similarity.js";
import { isTitleLike } from "../text/units.js";
import { recordDuplicate, sameLooseText, storedCandidates, textsOf, type TextOf } from "./duplicates.js";
import { repeatsOf } from "./findRepeatCandidates.js";

/**
 * R4: a run of consecutive paragraphs that reappears elsewhere is removed as a whole at its
 * later position. R3 has already removed the run's long paragraphs one by one; R4 finds
 * (a) a later paragraph that equals several consecutive earlier ones joined (the run was
 * split differently), and (b) the short lines inside a repeated run, titles and `一、`
 * that R3 must spare on their own, by growing each removed copy along its neighbours
 * while they match the neighbours of its kept twin.
 */

export const RESPLIT_SIMILARITY = 0.85;
/** Shortest key of a paragraph that may stand for a resplit run. */
const MIN_RESPLIT_KEY = 20;
/** Share of the paragraph's sampled shingles the run must hold between its members. */
const RUN_COVERAGE = 0.6;

interface Twin {
  /** First and last paragraph of the kept run. */
  from: number;
  to: number;
}

const R4 = ruleCode("R4");

export function removeDuplicatedBlocks(input: Document): Document {
  const doc = repeatsOf(input);
  const paragraphs = { ...doc.paragraphs, removedBy: doc.paragraphs.removedBy.slice() };
  const edits = new EditRecorder();
  // The twins the earlier passes found, by the removed paragraph's place in the text.
  const twins = new Map<number, Twin>();
  const removedAt = new Map<number, number>();
  for (let i = 0; i < paragraphs.count; i++) if (paragraphs.removedBy[i] !== 0) removedAt.set(paragraphSpan(doc, paragraphs, i).start, i);
  for (const batch of doc.edits) {
    for (const [k, extra] of batch.extras) {
      const rule = batch.labels[batch.fields[k * EDIT_FIELDS]!]!.rule;
      const j = extra.twin && (rule === "R3" || rule === "R4") ? removedAt.get(batch.fields[k * EDIT_FIELDS + 1]!) : undefined;
      if (j !== undefined) twins.set(j, { from: extra.twin!.paragraph, to: extra.twin!.paragraph });
    }
  }

  const record = (j: number, twin: number, twinEnd: number, similarity: number, reason: string) =>
    recordDuplicate(edits, doc, paragraphs, j, { twin, twinEnd, kind: "duplicate-block", similarity }, reason, "R4");
  const textOf = textsOf(doc, paragraphs);
  findResplitRuns(paragraphs, textOf, doc.repeats, twins, record);
  growRemovedRuns(paragraphs, textOf, twins, record);
  edits.sortByStart();
  return { ...doc, paragraphs, edits: edits.appendTo(doc.edits) };
}

type Record = (j: number, twin: number, twinEnd: number, similarity: number, reason: string) => void;

/** (a) A later paragraph equal to two or more consecutive earlier paragraphs joined together. */
function findResplitRuns(paragraphs: ParagraphTable, textOf: TextOf, repeats: RepeatCandidates, twins: Map<number, Twin>, record: Record): void {
  const { removedBy } = paragraphs;
  for (let j = 0; j < paragraphs.count; j++) {
    if (removedBy[j] !== 0 || repeats.keyLength[j]! < MIN_RESPLIT_KEY) continue;
    const found = storedCandidates(repeats, j, 0).filter((c) => removedBy[c.doc] === 0);
    if (found.length < 2) continue;
    const run = longestConsecutiveRun(found.map((c) => c.doc).sort((a, b) => a - b), removedBy);
    if (!run || run.to === run.from) continue;
    // Each member of the run holds a part of the shingles; together they must hold most.
    const covered = found.filter((c) => c.doc >= run.from && c.doc <= run.to).reduce((n, c) => n + c.shared, 0);
    if (covered < RUN_COVERAGE * repeats.sampled[j]!) continue;
    let joined = "";
    for (let q = run.from; q <= run.to; q++) joined += comparisonKey(textOf(q));
    const sim = similarity(comparisonKey(textOf(j)), joined, RESPLIT_SIMILARITY);
    if (sim < RESPLIT_SIMILARITY) continue;
    removedBy[j] = R4;
    twins.set(j, run);
    record(j, run.from, run.to, Math.round(sim * 1000) / 1000, "repeats a run of earlier paragraphs joined together (the run was split differently); the first run is kept");
  }
}

/** The longest run of candidates that are consecutive kept paragraphs. */
function longestConsecutiveRun(sorted: number[], removedBy: Uint8Array): Twin | undefined {
  let best: Twin | undefined;
  let from = -1;
  let previous = -2;
  for (const c of sorted) {
    if (from >= 0 && nextKept(removedBy, previous) === c) previous = c;
    else {
      from = c;
      previous = c;
    }
    if (!best || previous - from > best.to - best.from) best = { from, to: previous };
  }
  return best;
}

function nextKept(removedBy: Uint8Array, i: number): number {
  let k = i + 1;
  while (k < removedBy.length && removedBy[k] !== 0) k++;
  return k;
}

/** (b) Grows every removed copy over neighbours that match its twin's neighbours. */
function growRemovedRuns(paragraphs: ParagraphTable, textOf: TextOf, twins: Map<number, Twin>, record: Record): void {
  const { removedBy } = paragraphs;
  const queue = [...twins.keys()].sort((a, b) => a - b);
  // An index walk, not shift(): the queue holds every removed copy, and may hold 100k.
  for (let k = 0; k < queue.length; k++) {
    const x = queue[k]!;
    const twin = twins.get(x)!;
    for (const step of [-1, 1] as const) {
      const q = x + step;
      const p = step < 0 ? twin.from - 1 : twin.to + 1;
      if (q < 0 || q >= paragraphs.count || p < 0 || p >= q || q <= twin.to) continue;
      if (removedBy[q] !== 0 || removedBy[p] !== 0) continue;
      if (!sameLooseText(textOf(q), textOf(p))) continue;
      removedBy[q] = R4;
      twins.set(q, { from: p, to: p });
      queue.push(q);
      const reason = isTitleLike(textOf(q))
        ? "a title inside a repeated run of paragraphs; the first run is kept"
        : "a short line inside a repeated run of paragraphs; the first run is kept";
      record(q, p, p, 1, reason);
    }
  }
}
