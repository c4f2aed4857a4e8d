import { lineText, paragraphsOf, paragraphText, segmentLines } from "../src/document/lines.js";
import type { Document, Edit, Warning } from "../src/document/model.js";
import { ruleOf, REMOVED_MASK, WALL_AFTER, WALL_BEFORE } from "../src/document/model.js";
import { sourceMap } from "../src/document/repair.js";
import { reportEdits, reportWarnings } from "../src/report.js";

type Pass = (doc: Document) => Document;

/** Runs the given passes over a text and returns the document. */
export function documentAfter(text: string, ...passes: Pass[]): Document {
  return passes.reduce((doc, pass) => pass(doc), segmentLines(text));
}

/** A document after the given passes, with its edits and warnings as the report gives them and its lines readable. */
export function runPasses(text: string, ...passes: Pass[]) {
  const doc = documentAfter(text, ...passes);
  const map = sourceMap({ source: doc.source, text: doc.source, edits: [], steps: [] }, doc.lines.start);
  const edits: Edit[] = reportEdits(doc.source, doc.edits, paragraphsOf(doc).removedBy, map);
  const warnings: Warning[] = reportWarnings(doc.warnings, map);
  const lines = Array.from({ length: doc.lines.count }, (_, i) => {
    const state = doc.lines.state[i]!;
    return { text: lineText(doc.source, doc.lines, i), removedBy: ruleOf(state & REMOVED_MASK), wallBefore: (state & WALL_BEFORE) !== 0, wallAfter: (state & WALL_AFTER) !== 0 };
  });
  return { doc, edits, warnings, lines };
}

/** The live paragraphs after the given passes, as strings. */
export function paragraphsAfter(text: string, ...passes: Pass[]): string[] {
  const doc = documentAfter(text, ...passes);
  const paragraphs = paragraphsOf(doc);
  const texts: string[] = [];
  for (let j = 0; j < paragraphs.count; j++) if (paragraphs.removedBy[j] === 0) texts.push(paragraphText(doc, paragraphs, j));
  return texts;
}

/** Code points [start, end) of a text. */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}

/** Every edit's offsets point at exactly the text it says it removed. */
export function expectOffsetsMatch(source: string, edits: readonly Edit[]): void {
  const chars = Array.from(source);
  for (const e of edits) {
    const at = chars.slice(e.start, e.end).join("");
    if (e.rule === "R2") {
      // A join's span holds the break and what stood in it; a dropped hyphen comes first.
      if (at !== e.text) throw new Error(`join at line ${e.line}: offsets give ${JSON.stringify(at)}, report says ${JSON.stringify(e.text)}`);
    } else if (e.rule === "R3" || e.rule === "R4") {
      // A joined paragraph's span includes its line breaks; the report gives the joined text.
      const squash = (s: string) => s.replace(/[\s\u3000-]/gu, "");
      if (!squash(at).includes(squash(e.text).slice(0, 20))) throw new Error(`duplicate at line ${e.line}: offsets give ${JSON.stringify(at.slice(0, 40))}`);
    } else if (at !== e.text) {
      throw new Error(`${e.rule} at line ${e.line}: offsets give ${JSON.stringify(at)}, report says ${JSON.stringify(e.text)}`);
    }
  }
}
