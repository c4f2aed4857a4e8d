import { displayWidth, displayWidthOf } from "../text/chars.js";
import { isRemoved, lineLength, lineText } from "./lines.js";
import type { LineTable } from "./model.js";

/**
 * Layout facts about the whole document that change how a line break reads:
 * - hard-wrapped text (PDF extraction keeps one printed line per line) has most lines at
 *   the column width, and a line at that width ends only because the column did;
 * - where blank lines separate paragraphs and single breaks wrap lines, a blank line is
 *   a paragraph end unless the text itself says otherwise;
 * - where only some lines are indented, an indent opens a paragraph.
 */
export interface LayoutProfile {
  /** The column width in half-width cells, when many lines are cut at it. */
  hardWrapWidth?: number;
  /** Most lines fill the column: a line that stops short of it ended its paragraph. */
  columnIsClear: boolean;
  blankLinesSeparateParagraphs: boolean;
  indentOpensParagraph: boolean;
}

const MAX_COLUMN = 200;

/** The line at `start` in `text` was indented in the input: U+3000, or two spaces or tabs. */
export function isIndented(text: string, start = 0): boolean {
  const c = text.charCodeAt(start);
  if (c === 0x3000) return true;
  const d = text.charCodeAt(start + 1);
  return (c === 0x20 || c === 0x09) && (d === 0x20 || d === 0x09);
}

/** `widths`, when given, receives the display width of each line measured here (by index), for later use. */
export function profileLayout(source: string, lines: LineTable, widths?: Int32Array): LayoutProfile {
  // Widths of lines that could be a column: a histogram, and the densest window of three.
  const histogram = new Int32Array(MAX_COLUMN * 2 + 3);
  let candidates = 0;
  let liveCount = 0;
  let indented = 0;
  // Breaks between consecutive live lines: with or without a blank line between.
  let single = 0;
  let blank = 0;
  let sawBlank = false;
  let previousLive = false;
  for (let i = 0; i < lines.count; i++) {
    if (isRemoved(lines, i)) continue;
    const length = lineLength(lines, i);
    if (length === 0) {
      sawBlank = true;
      continue;
    }
    liveCount++;
    if (isIndented(source, lines.start[i])) indented++;
    if (length > MAX_COLUMN) candidates++; // a paragraph: its own width, clustering with none
    else {
      const w = lines.cuts.has(i) ? displayWidth(lineText(source, lines, i)) : displayWidthOf(source, lines.from[i]!, lines.to[i]!);
      if (widths) widths[i] = w;
      if (w >= 20) {
        candidates++;
        histogram[w]!++;
      }
    }
    if (previousLive) {
      if (sawBlank) blank++;
      else single++;
    }
    previousLive = true;
    sawBlank = false;
  }
  let hardWrapWidth: number | undefined;
  let columnIsClear = false;
  if (candidates >= 5) {
    let best = 0;
    let bestWidth = 0;
    // Lines of one column differ by a cell or two where half-width digits or Latin fall.
    for (let w = 20; w < histogram.length; w++) {
      const near = histogram[w]! + histogram[w - 1]! + histogram[w - 2]!;
      if (near >= best && histogram[w]! > 0) {
        best = near;
        bestWidth = w;
      }
    }
    if (best >= Math.max(5, 0.3 * candidates)) hardWrapWidth = bestWidth;
    columnIsClear = best >= Math.max(8, 0.5 * candidates);
  }
  const breaks = single + blank;
  return {
    hardWrapWidth,
    columnIsClear, // its bar is above hardWrapWidth's: a clear column always has a width
    blankLinesSeparateParagraphs: blank > 0 && single >= Math.max(2, 0.2 * breaks),
    indentOpensParagraph: indented > 0 && indented <= 0.7 * liveCount,
  };
}

/** A line that reaches the column width: it ended because the column did. */
export function isFullLine(text: string, profile: LayoutProfile, textWidth?: number): boolean {
  const width = profile.hardWrapWidth;
  if (width === undefined) return false;
  const w = textWidth ?? displayWidth(text);
  if (w >= width - 4 && w <= width + 2) return true;
  // A first line's indent may sit inside the column or hang outside it.
  let indent = 0;
  while (indent < text.length && text.charCodeAt(indent) === 0x3000) indent++;
  return indent > 0 && w - 2 * indent >= width - 4 && w - 2 * indent <= width + 2;
}
