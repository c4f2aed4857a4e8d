import { codePointCount } from "../text/chars.js";
import type { Document, Edit, Line, Paragraph, RuleId, Warning } from "./model.js";

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Splits decoded text into lines (\r\n, \r and \n all end a line) with their input offsets. */
export function segmentLines(source: string): Document {
  const lines: Line[] = [];
  const anyAstral = HIGH_SURROGATE.test(source);
  const anyCarriageReturn = source.includes("\r");
  let start = 0;
  let cpStart = 0;
  let no = 1;
  const n = source.length;
  while (start <= n) {
    let end: number;
    if (anyCarriageReturn) {
      end = start;
      while (end < n) {
        const c = source.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
    } else {
      end = source.indexOf("\n", start);
      if (end < 0) end = n;
    }
    const raw = source.slice(start, end);
    if (!(end === n && raw.length === 0 && start > 0)) {
      // Every line gets every field from the start: one object shape for the whole engine.
      const astral = anyAstral && HIGH_SURROGATE.test(raw);
      lines.push(trimLine({ no, start, cpStart, raw, text: raw, lead: 0, deleted: NONE, removedBy: undefined, astral, wallBefore: false, wallAfter: false }));
    }
    if (end >= n) break;
    const terminator = source.charCodeAt(end) === 13 && source.charCodeAt(end + 1) === 10 ? 2 : 1;
    cpStart += (anyAstral ? codePointCount(raw) : raw.length) + terminator;
    start = end + terminator;
    no++;
  }
  return { source, lines, edits: [], warnings: [] };
}

// Layout whitespace at either end of a line is not content: the output has one paragraph a
// line. Every Unicode space counts (U+2028, U+2000–U+200A, NBSP, BOM…), as JavaScript's own
// trim does, and goes at both ends; but U+3000 at the start is the paragraph's indentation,
// part of the text, and stays.
const LEADING_SPACE = /^[^\S\u3000]+/u;
const TRAILING_SPACE = /\s+$/u;
const SPACE = /\s/u;

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && SPACE.test(String.fromCharCode(c)));

/** Removes layout whitespace at both ends of a line's text (not reported: it is not content). */
export function trimLine(line: Line): Line {
  const text = line.text;
  if (text.length === 0) return line;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (!(isSpace(first) && first !== 0x3000) && !isSpace(last)) return line;
  let out = line;
  const tail = TRAILING_SPACE.exec(out.text);
  if (tail) out = cutText(out, tail.index, out.text.length);
  const head = LEADING_SPACE.exec(out.text);
  if (head) out = cutText(out, 0, head[0].length);
  return out;
}

const NONE: readonly (readonly [number, number])[] = Object.freeze([]);

/** Maps an index into a line's current text to an index into its raw text. */
export function rawIndex(line: Line, index: number): number {
  let r = index + line.lead;
  for (const [from, to] of line.deleted) {
    if (from <= r) r += to - from;
    else break;
  }
  return r;
}

/** Code-point offset in the decoded input of a position in a line's current text. */
export function inputOffset(line: Line, index: number): number {
  const raw = line.deleted.length === 0 ? line.lead + index : rawIndex(line, index);
  return line.cpStart + (line.astral ? codePointCount(line.raw, raw) : raw);
}

/** UTF-16 index in the decoded input of a position in a line's current text. */
export function sourceIndex(line: Line, index: number): number {
  return line.start + rawIndex(line, index);
}

/** Returns the line with text[from, to) removed (indices into the current text). */
export function cutText(line: Line, from: number, to: number): Line {
  if (to <= from) return line;
  if (to >= line.text.length) {
    // A suffix: nothing after it to map, so only the text changes.
    return { ...line, text: line.text.slice(0, from) };
  }
  if (from === 0) {
    // A prefix: the text now starts further into the raw line.
    const lead = rawIndex(line, to - 1) + 1;
    const deleted = line.deleted.length === 0 ? NONE : line.deleted.filter(([, b]) => b > lead);
    return { ...line, text: line.text.slice(to), lead, deleted };
  }
  const rawFrom = rawIndex(line, from);
  const rawTo = rawIndex(line, to - 1) + 1;
  const ranges = [...line.deleted, [rawFrom, rawTo] as const].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return { ...line, text: line.text.slice(0, from) + line.text.slice(to), deleted: merged };
}

/** An edit removing text[from, to) of a line, with offsets into the input. */
export function lineEdit(line: Line, from: number, to: number, rule: RuleId, kind: string, reason: string): Edit {
  return {
    rule,
    kind,
    start: inputOffset(line, from),
    end: inputOffset(line, to),
    line: line.no,
    text: line.text.slice(from, to),
    reason,
  };
}

/** An edit removing a whole line (what is left of it). */
export function wholeLineEdit(line: Line, rule: RuleId, kind: string, reason: string): Edit {
  return lineEdit(line, 0, line.text.length, rule, kind, reason);
}

/** Lines that still carry text: not removed, not blank. */
export function isLive(line: Line): boolean {
  return line.removedBy === undefined && line.text.length > 0;
}

/** The paragraphs of a document: the join pass's result, or every live line on its own. */
export function paragraphsOf(doc: Document): readonly Paragraph[] {
  return doc.paragraphs ?? doc.lines.filter(isLive).map((line) => ({ first: line, last: line, text: line.text }));
}

/** Input span [start, end) of a paragraph, in code points. */
export function paragraphSpan(p: Paragraph): { start: number; end: number; line: number } {
  return { start: inputOffset(p.first, 0), end: inputOffset(p.last, p.last.text.length), line: p.first.no };
}

/** Applies a per-line rewrite to the live lines, collecting the edits it reports. */
export function mapLines(
  doc: Document,
  rewrite: (line: Line) => { line: Line; edits?: Edit[]; warnings?: Warning[] },
): Document {
  const edits: Edit[] = [];
  const warnings: Warning[] = [];
  const lines = doc.lines.map((line) => {
    if (!isLive(line)) return line;
    const result = rewrite(line);
    if (result.edits) edits.push(...result.edits);
    if (result.warnings) warnings.push(...result.warnings);
    return result.line;
  });
  return { ...doc, lines, edits: doc.edits.concat(edits), warnings: doc.warnings.concat(warnings) };
}
