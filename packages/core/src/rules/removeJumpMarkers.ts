import { EditRecorder } from "../document/edits.js";
import { LineEditor, linesMatching } from "../document/lines.js";
import type { Document, EditLabel } from "../document/model.js";
import { WALL_AFTER, WALL_BEFORE } from "../document/model.js";

/**
 * R1: newspaper and journal jump markers, `(上接第三版)`, `(下转第2版)`, `(接上页)`,
 * `(Continued on Page A7)`, `See STORY, Page 4`, alone on a line or glued to a paragraph.
 * The text around a marker stays. A marker is also a wall for R2: text after a "from"
 * marker continues a paragraph printed elsewhere, text before a "to" marker goes on
 * elsewhere, so the line remembers where its marker stood.
 */

const OPEN = "[(（【〔\\[［〖〈<]";
const CLOSE = "[)）】〕\\]］〗〉>]";
const SP = "[ \\t\\u3000\\u00a0]*";
const NUMBER = "[A-Za-zＡ-Ｚ]?[0-9０-９〇零一二三四五六七八九十百千两]*";
const PAGE_UNIT = "(?:版面|版|页|頁|面)";
const VERB = "(?:紧接|緊接|上接|下接|承接|上转|上轉|下转|下轉|转至|轉至|转到|轉到|接|转|轉|续|續)";
const WHERE = `(?:第?${SP}${NUMBER}${SP}${PAGE_UNIT}|上页|上頁|下页|下頁|前页|前頁|次页|次頁|上版|下版|前版|本版)`;
// An English gloss sometimes follows in bilingual papers: （下转第 123 页 continued on page 123）
const GLOSS = `(?:${SP}[,，;；]?${SP}(?:continued|cont'?d\\.?)[^)）\\]】]{0,40})?`;
const CJK_MARKER = `${VERB}(?:自|于|於|见|見)?${SP}${WHERE}${GLOSS}`;

/** Page numbers in figures or in words, `Page A7`, `Page Two`, `Page Eight`. */
const EN_NUMBER = "(?:[A-Z]?\\d{1,4}[A-Z]?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\\b";
/** `Page`, also as OCR misreads it (`Pave`, `Paqe`, `Pago`). */
const EN_PAGE = `(?:p[ae][gvqy][eo]|pg\\.?|p\\.)\\s*${EN_NUMBER}`;
/** `Continued`, also as OCR misreads it (`Contlnued`, `Contiuued`, `Coutinued`). */
const CONTINUED = "(?:c[o0][nu]t[il1|!]?[nu][nu]?[eo]d|cont'?d\\.?)";
const EN_MARKER = `(?:${CONTINUED}|story\\s+continues|turn\\s+to|jump(?:s|ed)?)\\s+(?:(?:from|on|to)\\s+)?${EN_PAGE}`;

/** Bracketed markers are unambiguous wherever they stand. */
const BRACKETED = new RegExp(`${OPEN}${SP}(?:${CJK_MARKER}|${EN_MARKER})${SP}\\.?${SP}${CLOSE}`, "giu");
/** Without brackets a marker is only taken when it is the whole line. */
/** A column rule that OCR read as a letter after a marker: `Continued from Page Eight I`. */
const RULE_NOISE = "(?:\\s+[|Il1!])?";
const BARE_LINE = new RegExp(`^(?:#{1,6}\\s*)?(?:${CJK_MARKER}|${EN_MARKER}\\.?${RULE_NOISE})$`, "iu");
/** `See COUNCIL, Page 4`: an all-capitals slug, at the end of a paragraph or alone. */
const SEE_SLUG = /(?:^|\s+)(?:[Pp]lease\s+)?(?:[Ss]ee|SEE)\s+[A-Z][A-Z'’.&\- ]{1,40}(?:,\s*|\s+on\s+)(?:[Pp]age|PAGE)\s+[A-Z]?\d{1,4}[A-Z]?\.?$/u;

const FROM_WORDS = /上接|紧接|緊接|承接|接上|续|續|接第|from|continues/iu;

export interface MarkerSpan {
  from: number;
  to: number;
  /** "from" markers open a continued text; "to" markers close a text that goes on elsewhere. */
  direction: "from" | "to";
}

/** Cheap tests every marker passes: its verb. Most lines fail them and skip the full patterns. */
const MARKER_WORD = "[接转轉续續]|[Cc][o0][nu]t|C[O0][NU]T|[Ss]ee\\s|SEE\\s|[Tt]urn|TURN|[Jj]ump|JUMP";
const MAY_HOLD_MARKER = new RegExp(MARKER_WORD);
/** The same test over a whole text, to find the lines worth a look. */
const MARKER_WORDS = new RegExp(MARKER_WORD, "g");

function mayHoldMarker(text: string): boolean {
  return MAY_HOLD_MARKER.test(text);
}

/** Every jump marker in one line of text, left to right. */
const NO_MARKERS: readonly MarkerSpan[] = Object.freeze([]);

export function findJumpMarkers(text: string): readonly MarkerSpan[] {
  if (!mayHoldMarker(text)) return NO_MARKERS;
  const spans: MarkerSpan[] = [];
  const trimmed = text.trim();
  if (BARE_LINE.test(trimmed)) {
    return [{ from: 0, to: text.length, direction: FROM_WORDS.test(trimmed) ? "from" : "to" }];
  }
  for (const m of text.matchAll(BRACKETED)) {
    spans.push({ from: m.index!, to: m.index! + m[0].length, direction: FROM_WORDS.test(m[0]) ? "from" : "to" });
  }
  const see = SEE_SLUG.exec(text);
  if (see && !spans.some((s) => s.to > see.index)) {
    spans.push({ from: see.index, to: text.length, direction: "to" });
  }
  return spans;
}

const label = (reason: string): EditLabel => ({ rule: "R1", kind: "jump-marker", reason });
const REASON = {
  whole: label("a jump marker alone on a line: it points to another page and is not part of the text"),
  start: label("a jump marker glued to the start of a paragraph; the paragraph continues one printed elsewhere"),
  end: label("a jump marker glued to the end of a paragraph; the paragraph goes on elsewhere"),
  middle: label("a jump marker inside a line"),
};

export function removeJumpMarkers(doc: Document): Document {
  const lines = new LineEditor(doc.source, doc.lines);
  const edits = new EditRecorder();
  for (const i of linesMatching(doc.source, doc.lines, MARKER_WORDS)) {
    const spans = findJumpMarkers(lines.text(i));
    if (spans.length === 0) continue;
    let walls = 0;
    let removed = false;
    const mark = edits.count;
    // Right to left, so earlier indices stay valid; reported left to right.
    for (const span of [...spans].reverse()) {
      const text = lines.text(i);
      let { from, to } = span;
      // A Markdown heading mark alone before the marker goes with it: no bare `#` is left.
      const atStart = /^(?:#{1,6})?\s*$/u.test(text.slice(0, from));
      const atEnd = text.slice(to).trim() === "";
      if (atStart && atEnd) {
        edits.addLineEdit(doc.source, lines, i, 0, text.length, REASON.whole);
        lines.remove(i, "R1");
        removed = true;
        break;
      }
      // Take the spaces that separated the marker from the text with it.
      if (atStart) to += /^[ \t]*/.exec(text.slice(to))![0].length;
      else while (from > 0 && (text[from - 1] === " " || text[from - 1] === "\t")) from--;
      edits.addLineEdit(doc.source, lines, i, from, to, REASON[atStart ? "start" : atEnd ? "end" : "middle"]);
      lines.cut(i, from, to);
      if (atStart) walls |= WALL_BEFORE;
      if (atEnd) walls |= WALL_AFTER;
    }
    edits.reverseSince(mark);
    if (!removed) {
      lines.trim(i);
      lines.mark(i, walls);
    }
  }
  return { ...doc, lines: lines.table(), edits: edits.appendTo(doc.edits) };
}
