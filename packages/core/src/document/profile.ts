import { displayWidth } from "../text/chars.js";
import { isLive } from "./lines.js";
import type { Line } from "./model.js";

/**
 * Layout facts about the whole document that change how a line break reads:
 * - hard-wrapped text (PDF extraction keeps one printed line per line) has most lines at
 *   the column width, and a line at that width ends only because the column did;
 * - where blank lines separate paragraphs and single breaks wrap lines, a blank line is
 *   a paragraph end unless the text itself says otherwise;
 * - where only some lines are indented, an indent opens a paragraph.
 */
export interface LayoutProfile {
  /** The column width in half-width cells, when most lines are cut at it. */
  hardWrapWidth?: number;
  blankLinesSeparateParagraphs: boolean;
  indentOpensParagraph: boolean;
}

const MAX_COLUMN = 200;
const INDENT = /^(?:\u3000|[ \t]{2,})/u;

export function isIndented(line: Line): boolean {
  return INDENT.test(line.raw);
}

export function profileLayout(lines: readonly Line[]): LayoutProfile {
  const live = lines.filter(isLive);
  // A column is never this wide: such lines are paragraphs, each its own width.
  const widths = live.map((l) => (l.text.length > MAX_COLUMN ? -1 : displayWidth(l.text))).filter((w) => w >= 20 || w < 0);
  let hardWrapWidth: number | undefined;
  if (widths.length >= 5) {
    const counts = new Map<number, number>();
    for (const w of widths) if (w > 0) counts.set(w, (counts.get(w) ?? 0) + 1);
    let best = 0;
    let bestWidth = 0;
    for (const w of counts.keys()) {
      // Lines of one column differ by a cell or two where half-width digits or Latin fall.
      const near = (counts.get(w) ?? 0) + (counts.get(w - 1) ?? 0) + (counts.get(w - 2) ?? 0);
      if (near > best || (near === best && w > bestWidth)) {
        best = near;
        bestWidth = w;
      }
    }
    if (best >= Math.max(5, 0.3 * widths.length)) hardWrapWidth = bestWidth;
  }

  // Count breaks between consecutive live lines: with or without a blank line between.
  let single = 0;
  let blank = 0;
  let sawBlank = false;
  let previousLive = false;
  for (const line of lines) {
    if (line.removedBy) continue;
    if (line.text.length === 0) {
      sawBlank = true;
      continue;
    }
    if (previousLive) {
      if (sawBlank) blank++;
      else single++;
    }
    previousLive = true;
    sawBlank = false;
  }
  const breaks = single + blank;
  const indented = live.filter(isIndented).length;
  return {
    hardWrapWidth,
    blankLinesSeparateParagraphs: blank > 0 && single >= Math.max(2, 0.2 * breaks),
    indentOpensParagraph: indented > 0 && indented <= 0.7 * live.length,
  };
}

/** A line that reaches the column width: it ended because the column did. */
export function isFullLine(text: string, profile: LayoutProfile): boolean {
  const width = profile.hardWrapWidth;
  if (width === undefined) return false;
  const w = displayWidth(text);
  return w >= width - 4 && w <= width + 2;
}
