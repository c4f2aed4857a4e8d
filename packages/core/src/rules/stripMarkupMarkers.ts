import { cutText, lineEdit, mapLines, trimLine } from "../document/lines.js";
import type { Document, Edit, Line } from "../document/model.js";

/**
 * R0 (markup): paired `**bold**` markers that a web page or a Markdown export left around
 * a phrase inside CJK text. The words inside stay where they are; only the four asterisks
 * go. Markers in Latin text are left alone: there `**` may be meant (footnotes, code).
 */
const BOLD_PAIR = /\*\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*\*/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function stripMarkupMarkers(doc: Document): Document {
  return mapLines(doc, (line) => {
    if (!line.text.includes("**")) return { line };
    const edits: Edit[] = [];
    let out: Line = line;
    // Collect pairs on the current text first, then cut from the right so indices stay valid.
    const pairs: [number, number][] = [];
    for (const m of line.text.matchAll(BOLD_PAIR)) {
      if (CJK_CHAR.test(m[1]!)) pairs.push([m.index!, m.index! + m[0].length]);
    }
    for (const [from, to] of pairs.reverse()) {
      const reason = "paired ** bold markers around a phrase in CJK text; the phrase is kept";
      edits.unshift(lineEdit(out, from, from + 2, "R0", "bold-marker", reason), lineEdit(out, to - 2, to, "R0", "bold-marker", reason));
      out = cutText(cutText(out, to - 2, to), from, from + 2);
    }
    return { line: trimLine(out), edits };
  });
}
