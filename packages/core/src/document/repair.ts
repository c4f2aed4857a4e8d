import { lineBreakEnds } from "./lines.js";
import type { Edit } from "./model.js";

/**
 * R0's text repairs, which run on the decoded text before it is cut into lines: a repair
 * replaces a span with other text (a decoded entity, a re-decoded mojibake run) or with
 * nothing (a tag, a phonetic annotation). The later passes work on the repaired text; their
 * offsets are mapped back here so that every edit points into the decoded input.
 */
export interface TextRepair {
  /** UTF-16 offsets into the text the repairing pass was given. */
  start: number;
  end: number;
  replacement: string;
  kind: string;
  reason: string;
}

/**
 * A pass returns its repairs in any order. Where two overlap, the one that starts first (the
 * longer, at the same start) is applied and the other dropped: an entity inside a tag goes
 * with the tag, a tag fragment inside a realigned run goes with the run.
 */
export type RepairPass = (text: string) => TextRepair[];

/** One pass's replacements, as spans of its output over spans of its input (UTF-16). */
interface Step {
  /** Sorted, non-overlapping: [outStart, outEnd, inStart, inEnd] for each replacement. */
  spans: Int32Array;
}

export interface RepairedText {
  /** The decoded input. */
  source: string;
  /** The text after every repair. */
  text: string;
  /** One R0 edit per repair, offsets into `source` (code points). */
  edits: Edit[];
  steps: Step[];
  /** Offsets and lines of `source`, indexed once when there was a repair to map. */
  sourceIndex?: SourceIndex;
}

interface SourceIndex {
  codePointAt: (unit: number) => number;
  lineAt: (unit: number) => number;
  /** Lines as segmentation counts them. */
  lineCount: number;
}

export function repairText(source: string, passes: readonly RepairPass[]): RepairedText {
  let text = source;
  const steps: Step[] = [];
  const pending: Array<{ step: number; repair: TextRepair }> = [];
  for (const pass of passes) {
    const repairs = pass(text).sort((a, b) => a.start - b.start || b.end - a.end);
    if (repairs.length === 0) continue;
    const spans = new Int32Array(repairs.length * 4);
    let out = "";
    let at = 0;
    let kept = 0;
    for (const r of repairs) {
      if (r.start < at || r.end < r.start || r.end > text.length) continue;
      out += text.slice(at, r.start);
      const outStart = out.length;
      out += r.replacement;
      spans.set([outStart, out.length, r.start, r.end], kept * 4);
      at = r.end;
      kept++;
      pending.push({ step: steps.length, repair: r });
    }
    if (kept === 0) continue;
    out += text.slice(at);
    steps.push({ spans: spans.subarray(0, kept * 4) });
    text = out;
  }
  const repaired: RepairedText = { source, text, edits: [], steps };
  // Most documents need no repair: then nothing is indexed.
  if (pending.length === 0) return repaired;
  const { codePointAt, lineAt } = (repaired.sourceIndex = indexSource(source));
  repaired.edits = pending.map(({ step, repair }) => {
    // A repair's span is in its pass's input: map it back through the steps before it.
    const start = mapBack(steps, step, repair.start, "start");
    const end = mapBack(steps, step, repair.end, "end");
    return {
      rule: "R0",
      kind: repair.kind,
      start: codePointAt(start),
      end: codePointAt(end),
      line: lineAt(start),
      text: source.slice(start, end),
      replacement: repair.replacement,
      reason: repair.reason,
    } satisfies Edit;
  });
  return repaired;
}

/**
 * Maps an offset in the output of step `upTo - 1` back to the source (UTF-16). An offset
 * inside a replacement maps to the replaced span's start or end, as `side` says.
 */
function mapBack(steps: readonly Step[], upTo: number, offset: number, side: "start" | "end"): number {
  let x = offset;
  for (let s = upTo - 1; s >= 0; s--) {
    const spans = steps[s]!.spans;
    // Last replacement starting at or before x.
    let lo = 0;
    let hi = spans.length / 4 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid * 4]! <= x) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) continue;
    const outStart = spans[found * 4]!;
    const outEnd = spans[found * 4 + 1]!;
    const inStart = spans[found * 4 + 2]!;
    const inEnd = spans[found * 4 + 3]!;
    // At a removal (nothing put in its place) a start lies after what went, an end before it.
    if (outStart === outEnd && x === outStart) x = side === "start" ? inEnd : inStart;
    else if (x >= outEnd) x = inEnd + (x - outEnd);
    else if (x === outStart) x = inStart;
    else x = side === "start" ? inStart : inEnd;
  }
  return x;
}

/**
 * Where an offset in the repaired text (the one the passes read) stands in the decoded input:
 * its UTF-16 offset there, and that offset as a code point and as a 1-based line.
 */
export interface SourceMap {
  /** Inside a replacement, an offset maps to the replaced span's start or end, as `side` says. */
  unit(offset: number, side: "start" | "end"): number;
  codePoint(unit: number): number;
  line(unit: number): number;
}

/** The map for a repaired text. `lineStarts`: where the lines of the repaired text start (used when nothing was repaired). */
export function sourceMap(repaired: RepairedText, lineStarts: Int32Array): SourceMap {
  if (!repaired.sourceIndex) {
    const linesBefore = countingBelow(lineStarts);
    return { unit: (offset) => offset, codePoint: codePointIndex(repaired.source), line: (unit) => linesBefore(unit + 1) };
  }
  const { codePointAt, lineAt } = repaired.sourceIndex;
  const all = repaired.steps.length;
  return { unit: (offset, side) => mapBack(repaired.steps, all, offset, side), codePoint: codePointAt, line: lineAt };
}

/** UTF-16 index -> code-point index, in O(log n) after one scan for surrogate pairs. */
function codePointIndex(text: string): (unit: number) => number {
  const pairs = astralPositions(text);
  if (pairs.length === 0) return (unit) => unit;
  const pairsBefore = countingBelow(pairs);
  return (unit) => unit - pairsBefore(unit);
}

function astralPositions(text: string): number[] {
  const out: number[] = [];
  // No u flag: with it, a class of surrogates matches only lone ones.
  for (let i = text.search(/[\ud800-\udbff]/); i >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(i);
        i++;
      }
    }
  }
  return out;
}

/** How many of the sorted `positions` are below `x`. */
function countBelow(positions: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `countBelow` over fixed positions, for queries that mostly come in order (a pass's edits
 * do): it walks on from the last answer when the next is a few positions away, and falls
 * back to the binary search when it is not. Any order gives the same answers.
 */
export function countingBelow(positions: ArrayLike<number>): (x: number) => number {
  let at = 0; // the last answer: positions[at - 1] < last x <= positions[at]
  return (x) => {
    let k = at;
    if (k > 0 && positions[k - 1]! >= x) return (at = countBelow(positions, x));
    for (let steps = 0; k < positions.length && positions[k]! < x; k++) {
      if (++steps === 8) return (at = countBelow(positions, x));
    }
    return (at = k);
  };
}

/** Code points and 1-based lines of UTF-16 offsets, with line ends counted as segmentation counts them. */
function indexSource(text: string): SourceIndex {
  const starts = lineBreakEnds(text);
  const linesBefore = countingBelow(starts);
  return {
    codePointAt: codePointIndex(text),
    lineAt: (offset) => 1 + linesBefore(offset + 1),
    // A final line end closes the last line rather than opening an empty one.
    lineCount: starts.length + (starts[starts.length - 1] === text.length ? 0 : 1),
  };
}
