import { EditRecorder } from "../document/edits.js";
import { LineEditor, linesMatching } from "../document/lines.js";
import type { Document, EditLabel } from "../document/model.js";

/**
 * R0 (markup): paired `**bold**` markers that a web page or a Markdown export left around
 * a phrase inside CJK text. The words inside stay where they are; only the four asterisks
 * go. Markers in Latin text are left alone: there `**` may be meant (footnotes, code).
 */
const BOLD_PAIR = /\*\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*\*/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const BOLD_MARKER: EditLabel = { rule: "R0", kind: "bold-marker", reason: "paired ** bold markers around a phrase in CJK text; the phrase is kept" };

export function stripMarkupMarkers(doc: Document): Document {
  if (!doc.source.includes("**")) return doc;
  const lines = new LineEditor(doc.source, doc.lines);
  const edits = new EditRecorder();
  for (const i of linesMatching(doc.source, doc.lines, /\*\*/g)) {
    const text = lines.text(i);
    if (!text.includes("**")) continue;
    // Collect pairs on the current text first, then cut from the right so indices stay valid.
    const pairs: [number, number][] = [];
    for (const m of text.matchAll(BOLD_PAIR)) {
      if (CJK_CHAR.test(m[1]!)) pairs.push([m.index!, m.index! + m[0].length]);
    }
    const mark = edits.count;
    for (const [from, to] of pairs.reverse()) {
      edits.addLineEdit(doc.source, lines, i, to - 2, to, BOLD_MARKER);
      edits.addLineEdit(doc.source, lines, i, from, from + 2, BOLD_MARKER);
      lines.cut(i, to - 2, to);
      lines.cut(i, from, from + 2);
    }
    edits.reverseSince(mark);
    lines.trim(i);
  }
  return { ...doc, lines: lines.table(), edits: edits.appendTo(doc.edits) };
}
