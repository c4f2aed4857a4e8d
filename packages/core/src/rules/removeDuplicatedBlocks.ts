import type { Document, Edit, Paragraph, RepeatCandidates } from "../document/model.js";
import { comparisonKey } from "../text/fold.js";
import { similarity } from "../text/similarity.js";
import { isTitleLike } from "../text/units.js";
import { looseText, storedCandidates } from "./duplicates.js";
import { repeatsOf } from "./findRepeatCandidates.js";
import { duplicateEdit } from "./removeRepeatedParagraphs.js";

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

export function removeDuplicatedBlocks(input: Document): Document {
  const doc = repeatsOf(input);
  const paragraphs = [...doc.paragraphs];
  const edits: Edit[] = [];
  const twins = new Map<number, Twin>();
  const removedByLine = new Map<number, number>();
  paragraphs.forEach((p, i) => p.removedBy && removedByLine.set(p.first.no, i));
  for (const e of doc.edits) {
    const j = e.keptAt && (e.rule === "R3" || e.rule === "R4") ? removedByLine.get(e.line) : undefined;
    if (j !== undefined) twins.set(j, { from: e.keptAt!.paragraph, to: e.keptAt!.paragraph });
  }

  findResplitRuns(paragraphs, doc.repeats, twins, edits);
  growRemovedRuns(paragraphs, twins, edits);
  edits.sort((a, b) => a.start - b.start);
  return { ...doc, paragraphs, edits: doc.edits.concat(edits) };
}

/** (a) A later paragraph equal to two or more consecutive earlier paragraphs joined together. */
function findResplitRuns(paragraphs: Paragraph[], repeats: RepeatCandidates, twins: Map<number, Twin>, edits: Edit[]): void {
  for (let j = 0; j < paragraphs.length; j++) {
    const p = paragraphs[j]!;
    if (p.removedBy || repeats.keyLength[j]! < MIN_RESPLIT_KEY) continue;
    const found = storedCandidates(repeats, j, 0).filter((c) => !paragraphs[c.doc]!.removedBy);
    if (found.length < 2) continue;
    const run = longestConsecutiveRun(found.map((c) => c.doc).sort((a, b) => a - b), paragraphs);
    if (!run || run.to === run.from) continue;
    // Each member of the run holds a part of the shingles; together they must hold most.
    const covered = found.filter((c) => c.doc >= run.from && c.doc <= run.to).reduce((n, c) => n + c.shared, 0);
    if (covered < RUN_COVERAGE * repeats.sampled[j]!) continue;
    const joined = paragraphs.slice(run.from, run.to + 1).map((q) => comparisonKey(q.text)).join("");
    const sim = similarity(comparisonKey(p.text), joined, RESPLIT_SIMILARITY);
    if (sim < RESPLIT_SIMILARITY) continue;
    paragraphs[j] = { ...p, removedBy: "R4" };
    twins.set(j, run);
    const match = { twin: run.from, twinEnd: run.to, kind: "duplicate-block", similarity: Math.round(sim * 1000) / 1000 };
    edits.push(duplicateEdit(paragraphs, j, match, "repeats a run of earlier paragraphs joined together (the run was split differently); the first run is kept", "R4"));
  }
}

/** The longest run of candidates that are consecutive kept paragraphs. */
function longestConsecutiveRun(sorted: number[], paragraphs: readonly Paragraph[]): Twin | undefined {
  let best: Twin | undefined;
  let from = -1;
  let previous = -2;
  for (const c of sorted) {
    if (from >= 0 && nextKept(paragraphs, previous) === c) previous = c;
    else {
      from = c;
      previous = c;
    }
    if (!best || previous - from > best.to - best.from) best = { from, to: previous };
  }
  return best;
}

function nextKept(paragraphs: readonly Paragraph[], i: number): number {
  let k = i + 1;
  while (k < paragraphs.length && paragraphs[k]!.removedBy) k++;
  return k;
}

/** (b) Grows every removed copy over neighbours that match its twin's neighbours. */
function growRemovedRuns(paragraphs: Paragraph[], twins: Map<number, Twin>, edits: Edit[]): void {
  const queue = [...twins.keys()].sort((a, b) => a - b);
  // An index walk, not shift(): the queue holds every removed copy, and may hold 100k.
  for (let k = 0; k < queue.length; k++) {
    const x = queue[k]!;
    const twin = twins.get(x)!;
    for (const step of [-1, 1] as const) {
      const q = x + step;
      const p = step < 0 ? twin.from - 1 : twin.to + 1;
      if (q < 0 || q >= paragraphs.length || p < 0 || p >= q || q <= twin.to) continue;
      const candidate = paragraphs[q]!;
      if (candidate.removedBy || paragraphs[p]!.removedBy) continue;
      if (looseText(candidate) !== looseText(paragraphs[p]!)) continue;
      paragraphs[q] = { ...candidate, removedBy: "R4" };
      twins.set(q, { from: p, to: p });
      queue.push(q);
      const reason = isTitleLike(candidate.text)
        ? "a title inside a repeated run of paragraphs; the first run is kept"
        : "a short line inside a repeated run of paragraphs; the first run is kept";
      edits.push(duplicateEdit(paragraphs, q, { twin: p, kind: "duplicate-block", similarity: 1 }, reason, "R4"));
    }
  }
}
