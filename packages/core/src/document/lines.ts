import { isSpaceUnit } from "../text/chars.js";
import type { Document, LineTable, ParagraphTable, RuleId } from "./model.js";
import { JOINED_WITH_SPACE, REMOVED_MASK, ruleCode } from "./model.js";

/**
 * Where each line after the first starts: the offset just past each line end (\r\n, \r or
 * \n), in order. A final line end is included; it closes the last line.
 */
export function lineBreakEnds(text: string): Int32Array {
  const n = text.length;
  const anyCarriageReturn = text.includes("\r");
  // Count first, so the column is allocated once at its size.
  let count = 0;
  if (anyCarriageReturn) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
    }
  } else {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  }
  const ends = new Int32Array(count);
  let k = 0;
  if (anyCarriageReturn) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) ends[k++] = i + 1;
    }
  } else {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) ends[k++] = i + 1;
  }
  return ends;
}

/**
 * Splits decoded text into the line table (\r\n, \r and \n all end a line); each line's text
 * is trimmed. `ends`: the text's `lineBreakEnds`, when the caller has them already.
 */
export function segmentLines(source: string, ends = lineBreakEnds(source)): Document {
  const n = source.length;
  // A final line end closes the last line rather than opening an empty one.
  const closed = ends.length > 0 && ends[ends.length - 1] === n;
  const count = closed ? ends.length : ends.length + 1;
  const start = new Int32Array(count);
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const at = i === 0 ? 0 : ends[i - 1]!;
    let e = n;
    if (i < ends.length) {
      const next = ends[i]!;
      e = next - (next >= 2 && source.charCodeAt(next - 1) === 10 && source.charCodeAt(next - 2) === 13 ? 2 : 1);
    }
    start[i] = at;
    from[i] = at;
    to[i] = e;
    trimRange(source, from, to, i);
  }
  const lines: LineTable = { count, start, from, to, state: new Uint8Array(count), cuts: new Map() };
  return { source, lines, edits: [], warnings: [] };
}

/*
 * Layout whitespace at either end of a line is not content: the output has one paragraph a
 * line. Every Unicode space counts, as JavaScript's own trim does, and goes at both ends;
 * but U+3000 at the start is the paragraph's indentation, part of the text, and stays.
 */

/** Where text[from, to) ends once its trailing layout whitespace is gone. */
function layoutEnd(text: string, from: number, to: number): number {
  while (to > from && isSpaceUnit(text.charCodeAt(to - 1))) to--;
  return to;
}

/** Where text[from, to) starts once its leading layout whitespace is gone (an indent of U+3000 stays). */
function layoutStart(text: string, from: number, to: number): number {
  while (from < to && text.charCodeAt(from) !== 0x3000 && isSpaceUnit(text.charCodeAt(from))) from++;
  return from;
}

/** A text without the layout whitespace at its ends. */
export function trimLayout(text: string): string {
  const to = layoutEnd(text, 0, text.length);
  const from = layoutStart(text, 0, to);
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

/** Narrows source[from[i], to[i]) to what is left without its layout whitespace. */
function trimRange(source: string, from: Int32Array, to: Int32Array, i: number): void {
  to[i] = layoutEnd(source, from[i]!, to[i]!);
  from[i] = layoutStart(source, from[i]!, to[i]!);
}

/** Lines that still carry text: not removed, not blank. */
export function isLive(lines: LineTable, i: number): boolean {
  return (lines.state[i]! & REMOVED_MASK) === 0 && lines.to[i]! > lines.from[i]!;
}

export function isRemoved(lines: LineTable, i: number): boolean {
  return (lines.state[i]! & REMOVED_MASK) !== 0;
}

/** What is left of line i. */
export function lineText(source: string, lines: LineTable, i: number): string {
  const from = lines.from[i]!;
  const to = lines.to[i]!;
  const cuts = lines.cuts.get(i);
  if (cuts === undefined) return source.slice(from, to);
  let text = "";
  let at = from;
  for (let k = 0; k < cuts.length; k += 2) {
    const a = Math.max(cuts[k]!, from);
    const b = Math.min(cuts[k + 1]!, to);
    if (b <= a) continue;
    text += source.slice(at, a);
    at = b;
  }
  return text + source.slice(at, to);
}

/** Length of what is left of line i. */
export function lineLength(lines: LineTable, i: number): number {
  const from = lines.from[i]!;
  const to = lines.to[i]!;
  const cuts = lines.cuts.get(i);
  let length = to - from;
  if (cuts !== undefined) for (let k = 0; k < cuts.length; k += 2) length -= Math.max(0, Math.min(cuts[k + 1]!, to) - Math.max(cuts[k]!, from));
  return length;
}

/** Offset in the document's text of position `index` in line i's current text. */
export function textPosition(lines: LineTable, i: number, index: number): number {
  let r = lines.from[i]! + index;
  const cuts = lines.cuts.get(i);
  if (cuts !== undefined) {
    for (let k = 0; k < cuts.length; k += 2) {
      if (cuts[k]! <= r) r += cuts[k + 1]! - cuts[k]!;
      else break;
    }
  }
  return r;
}

/** Whether a cut lies inside [start, end) of line i: then the text between the offsets is not the line's text. */
export function cutInside(lines: LineTable, i: number, start: number, end: number): boolean {
  const cuts = lines.cuts.get(i);
  if (cuts === undefined) return false;
  for (let k = 0; k < cuts.length; k += 2) if (cuts[k]! < end && cuts[k + 1]! > start) return true;
  return false;
}

/**
 * A pass's own copy of the columns that edits change, over the document's text. The pass
 * cuts, trims and removes lines here and hands `table()` to the document it returns; the
 * table it was given stays as it was.
 */
export class LineEditor implements LineTable {
  readonly count: number;
  readonly start: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly state: Uint8Array;
  readonly cuts: Map<number, readonly number[]>;

  constructor(
    readonly source: string,
    base: LineTable,
  ) {
    this.count = base.count;
    this.start = base.start;
    this.from = base.from.slice();
    this.to = base.to.slice();
    this.state = base.state.slice();
    this.cuts = new Map(base.cuts);
  }

  text(i: number): string {
    return lineText(this.source, this, i);
  }

  length(i: number): number {
    return lineLength(this, i);
  }

  position(i: number, index: number): number {
    return textPosition(this, i, index);
  }

  isLive(i: number): boolean {
    return isLive(this, i);
  }

  remove(i: number, rule: RuleId): void {
    this.state[i] = (this.state[i]! & ~REMOVED_MASK) | ruleCode(rule);
  }

  mark(i: number, flags: number): void {
    this.state[i]! |= flags;
  }

  /** Removes text[from, to) of line i (indices into its current text). */
  cut(i: number, from: number, to: number): void {
    if (to <= from) return;
    if (to >= this.length(i)) {
      // A suffix: the text now ends earlier.
      this.to[i] = this.position(i, from);
      return;
    }
    const cuts = this.cuts.get(i);
    if (from === 0) {
      // A prefix: the text now starts further in.
      const lead = this.position(i, to - 1) + 1;
      this.from[i] = lead;
      if (cuts !== undefined) {
        const kept: number[] = [];
        for (let k = 0; k < cuts.length; k += 2) if (cuts[k + 1]! > lead) kept.push(cuts[k]!, cuts[k + 1]!);
        this.cuts.set(i, kept);
      }
      return;
    }
    const a = this.position(i, from);
    const b = this.position(i, to - 1) + 1;
    const pairs: [number, number][] = [[a, b]];
    if (cuts !== undefined) for (let k = 0; k < cuts.length; k += 2) pairs.push([cuts[k]!, cuts[k + 1]!]);
    pairs.sort((x, y) => x[0] - y[0]);
    const merged: number[] = [];
    for (const [x, y] of pairs) {
      const n = merged.length;
      if (n > 0 && x <= merged[n - 1]!) merged[n - 1] = Math.max(merged[n - 1]!, y);
      else merged.push(x, y);
    }
    this.cuts.set(i, merged);
  }

  /** Removes layout whitespace at both ends of line i's text (not reported: it is not content). */
  trim(i: number): void {
    if (!this.cuts.has(i)) {
      trimRange(this.source, this.from, this.to, i);
      return;
    }
    const text = this.text(i);
    const t = layoutEnd(text, 0, text.length);
    this.cut(i, t, text.length);
    this.cut(i, 0, layoutStart(text, 0, t));
  }

  table(): LineTable {
    return this;
  }
}

/**
 * The live lines where `pattern` matches in the text, plus every line with a cut (its text is
 * not a stretch of the document's). One scan of the whole text stands in for a test of each
 * line, and selects a superset of the lines that a per-line test would. `pattern`: a global
 * regular expression, or a set of characters as a `charTable`, which a plain loop finds
 * twice as fast as a regular expression's class does.
 */
export function linesMatching(source: string, lines: LineTable, pattern: RegExp | Uint8Array): number[] {
  const found: number[] = [];
  if (pattern instanceof Uint8Array) {
    findLinesHolding(source, lines, pattern, found);
  } else {
    let k = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(source); m !== null; m = pattern.exec(source)) {
      const at = m.index;
      while (k + 1 < lines.count && lines.start[k + 1]! <= at) k++;
      if (found[found.length - 1] !== k) found.push(k);
      if (m[0].length === 0) pattern.lastIndex++;
    }
  }
  if (lines.cuts.size === 0) return found.filter((i) => isLive(lines, i));
  const all = new Set(found);
  for (const i of lines.cuts.keys()) all.add(i);
  return [...all].sort((a, b) => a - b).filter((i) => isLive(lines, i));
}

/** Appends to `found` the lines where a character of `table` stands (a loop of its own, so that it is compiled for the table alone). */
function findLinesHolding(source: string, lines: LineTable, table: Uint8Array, found: number[]): void {
  const n = source.length;
  const starts = lines.start;
  let k = 0;
  let lineEnd = 0; // where the line of the last find ends: the rest of it needs no look
  for (let i = 0; i < n; i++) {
    if (table[source.charCodeAt(i)] !== 1 || i < lineEnd) continue;
    while (k + 1 < starts.length && starts[k + 1]! <= i) k++;
    found.push(k);
    lineEnd = k + 1 < starts.length ? starts[k + 1]! : n;
  }
}

/** The paragraphs of a document: the join pass's result, or every live line on its own. */
export function paragraphsOf(doc: Document): ParagraphTable {
  if (doc.paragraphs) return doc.paragraphs;
  const { lines } = doc;
  const live: number[] = [];
  for (let i = 0; i < lines.count; i++) if (isLive(lines, i)) live.push(i);
  const first = Int32Array.from(live);
  return { count: live.length, first, last: first, rewritten: new Map(), removedBy: new Uint8Array(live.length) };
}

/** Where multi-line paragraph texts are assembled: reused, so that making a text allocates only the text. */
const PIECES: string[] = [];

/**
 * The text of paragraph j: its live lines, each joined to the one before with a space or
 * with nothing (`writeParagraphs` spells the output the same way, straight into a buffer).
 */
export function paragraphText(doc: Pick<Document, "source" | "lines">, paragraphs: ParagraphTable, j: number): string {
  const rewritten = paragraphs.rewritten.size === 0 ? undefined : paragraphs.rewritten.get(j);
  if (rewritten !== undefined) return rewritten;
  const { lines, source } = doc;
  const first = paragraphs.first[j]!;
  const last = paragraphs.last[j]!;
  if (first === last) return lineText(source, lines, first);
  PIECES.push(lineText(source, lines, first));
  for (let i = first + 1; i <= last; i++) {
    if (!isLive(lines, i)) continue;
    if ((lines.state[i]! & JOINED_WITH_SPACE) !== 0) PIECES.push(" ");
    PIECES.push(lineText(source, lines, i));
  }
  const text = PIECES.join("");
  PIECES.length = 0;
  return text;
}

/** Span [start, end) of paragraph j in the document's text. */
export function paragraphSpan(doc: Document, paragraphs: ParagraphTable, j: number): { start: number; end: number } {
  const last = paragraphs.last[j]!;
  return { start: textPosition(doc.lines, paragraphs.first[j]!, 0), end: textPosition(doc.lines, last, lineLength(doc.lines, last)) };
}
