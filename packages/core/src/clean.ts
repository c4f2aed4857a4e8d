import { decodeInput, unreadableShare } from "./document/decode.js";
import { repairText, sourceMap, type RepairPass } from "./document/repair.js";
import { removeControlCharacters } from "./rules/removeControlCharacters.js";
import { removeHtmlMarkup } from "./rules/removeHtmlMarkup.js";
import { removePhoneticAnnotations } from "./rules/removePhoneticAnnotations.js";
import { repairShiftedGbk } from "./rules/repairShiftedGbk.js";
import { repairUtf8Mojibake } from "./rules/repairUtf8Mojibake.js";
import { lineLength, paragraphsOf, segmentLines, textPosition } from "./document/lines.js";
import { writeParagraphs, type Output } from "./document/output.js";
import type { Document, Notice, ParagraphTable } from "./document/model.js";
import { RULES } from "./document/model.js";
import { isIndented, profileLayout } from "./document/profile.js";
import { buildReport, reportEdits, reportWarnings, type CleanReport } from "./report.js";
import { findRepeatCandidates } from "./rules/findRepeatCandidates.js";
import { decideJoin, joinBrokenParagraphs, type BreakEvidence } from "./rules/joinBrokenParagraphs.js";
import { evidenceOf, gatherEvidence } from "./document/evidence.js";
import { removeDuplicatedBlocks } from "./rules/removeDuplicatedBlocks.js";
import { removeJumpMarkers } from "./rules/removeJumpMarkers.js";
import { removePageFurniture, removeRevealedFurniture } from "./rules/removePageFurniture.js";
import { removeRepeatedParagraphs } from "./rules/removeRepeatedParagraphs.js";
import { stripMarkupMarkers } from "./rules/stripMarkupMarkers.js";
import { endsSentence } from "./text/units.js";

export interface CleanOptions {
  /** Passes to skip, by rule id, e.g. ["R3", "R4"] to keep duplicates. */
  skip?: readonly ("R0" | "R1" | "R2" | "R3" | "R4" | "R5")[];
}

export interface CleanResult {
  /** One paragraph a line, `\n` line ends, a final newline (empty when nothing is left). */
  text: string;
  report: CleanReport;
  /** The decoded input the report's offsets point into. */
  source: string;
}

/**
 * R0's repairs of the decoded text, before it is cut into lines: encoding damage first (its
 * repairs may reveal markup), then markup, then phonetic annotations.
 */
export const TEXT_REPAIRS = [
  { rule: "R0", name: "removeControlCharacters", run: removeControlCharacters },
  { rule: "R0", name: "repairUtf8Mojibake", run: repairUtf8Mojibake },
  { rule: "R0", name: "repairShiftedGbk", run: repairShiftedGbk },
  { rule: "R0", name: "removeHtmlMarkup", run: removeHtmlMarkup },
  { rule: "R0", name: "removePhoneticAnnotations", run: removePhoneticAnnotations },
] as const satisfies readonly { rule: string; name: string; run: RepairPass }[];

/**
 * The passes over lines and paragraphs, in contract order. Furniture (R5) is found before joins so that a page
 * footer between the two halves of a paragraph does not keep them apart; it is reported
 * under R5 all the same.
 */
export const PASSES = [
  { rule: "R0", name: "stripMarkupMarkers", run: stripMarkupMarkers },
  { rule: "R1", name: "removeJumpMarkers", run: removeJumpMarkers },
  // Not a rule: the whole document's evidence (input form, line roles) that R5 and R2 read.
  { rule: "evidence", name: "gatherEvidence", run: gatherEvidence },
  { rule: "R5", name: "removePageFurniture", run: removePageFurniture },
  { rule: "R2", name: "joinBrokenParagraphs", run: joinBrokenParagraphs },
  { rule: "R5", name: "removeRevealedFurniture", run: removeRevealedFurniture },
  { rule: "R3", name: "findRepeatCandidates", run: findRepeatCandidates },
  { rule: "R3", name: "removeRepeatedParagraphs", run: removeRepeatedParagraphs },
  { rule: "R4", name: "removeDuplicatedBlocks", run: removeDuplicatedBlocks },
] as const satisfies readonly { rule: string; name: string; run: (doc: Document) => Document }[];

/**
 * Past this share of characters no encoding reads, the text cannot be read and nothing is
 * cleaned: an edit decided on mojibake would be a guess. A few (an English page with a stray
 * Windows-1252 quote) leave the rest readable.
 */
export const MAX_UNREADABLE_SHARE = 0.05;

export function clean(input: string | Uint8Array, options: CleanOptions = {}): CleanResult {
  const decoded = decodeInput(input);
  // What cannot be read is not edited: the lines go out as they came, with a warning.
  const unreadableAt = unreadableShare(decoded);
  const unreadable = unreadableAt > MAX_UNREADABLE_SHARE;
  const skip = unreadable ? RULES : options.skip;
  const repaired = repairText(decoded.text, skip?.includes("R0") ? [] : TEXT_REPAIRS.map((r) => r.run));
  const cleaned = cleanText(repaired.text, { ...options, skip });
  // Offsets so far point into the repaired text; the report's point into the decoded input.
  const map = sourceMap(repaired, cleaned.lineStarts);
  const edits = repaired.edits.concat(reportEdits(repaired.text, cleaned.edits, cleaned.removedBy, map));
  const warnings = reportWarnings(cleaned.warnings, map);
  if (unreadable) {
    warnings.unshift({
      rule: "R0",
      kind: "unreadable",
      start: 0,
      end: 0,
      line: 1,
      message: `${Math.round(100 * unreadableAt)}% of the characters read as no text in ${decoded.encoding.name} or any other encoding the engine reads (UTF-8, UTF-16, GB18030, Big5); nothing was cleaned`,
    });
  }
  const inputLines = repaired.sourceIndex?.lineCount ?? cleaned.lineStarts.length;
  return { text: cleaned.text, report: buildReport(decoded, cleaned.text, cleaned.paragraphs, inputLines, edits, warnings), source: decoded.text };
}

/**
 * Runs the passes over the repaired text and returns the output with what the report needs
 * of the document: the document itself (its lines and paragraph texts) is gone before the
 * report's edits are made, which on a large input are most of what it holds.
 */
function cleanText(source: string, options: CleanOptions) {
  let doc = segmentLines(source);
  for (const pass of PASSES) {
    if (pass.rule !== "evidence" && options.skip?.includes(pass.rule)) continue;
    doc = pass.run(doc);
  }
  const paragraphs = paragraphsOf(doc);
  const kept: number[] = [];
  for (let j = 0; j < paragraphs.count; j++) if (paragraphs.removedBy[j] === 0) kept.push(j);
  const output = writeParagraphs(doc, paragraphs, kept);
  const warnings = doc.warnings.concat(findUnstableBreaks(doc, paragraphs, kept, output));
  return { text: output.text, paragraphs: kept.length, edits: doc.edits, warnings, removedBy: paragraphs.removedBy, lineStarts: doc.lines.start };
}

/**
 * Breaks the output keeps that a second cleaning would join: two parts a jump marker, a
 * blank line or a removed duplicate kept apart, which plain text cannot show once they are
 * gone. The contract's walls win over idempotence there, and the report says so.
 */
function findUnstableBreaks(doc: Document, paragraphs: ParagraphTable, kept: readonly number[], output: Output): Notice[] {
  if (kept.length < 2) return [];
  // The k-th kept paragraph's text, as the output spells it.
  const textOf = (k: number) => output.text.slice(output.starts[k], output.starts[k + 1]! - 1);
  // Only a break after an unfinished paragraph can be joined; most end a sentence.
  const open: number[] = [];
  for (let i = 1; i < kept.length; i++) if (!endsSentence(textOf(i - 1))) open.push(i);
  if (open.length === 0) return [];
  // The lines a second cleaning would read: the output's paragraphs, one a line, which end
  // where the next one starts.
  const again = segmentLines(output.text, output.starts.subarray(1));
  const profile = profileLayout(again.source, again.lines);
  // What R2 would read of the output's lines; furniture is not a join's business.
  const evidence = evidenceOf(again.source, again.lines, { furniture: false });
  const warnings: Notice[] = [];
  for (const i of open) {
    const second = textOf(i);
    const roles: BreakEvidence = { form: evidence.form, columnWidth: evidence.columnWidth, firstRole: evidence.role[i - 1]!, secondRole: evidence.role[i]! };
    const decision = decideJoin(textOf(i - 1), second, { blankLines: 0, marker: false, indented: isIndented(second) }, profile, false, undefined, undefined, undefined, roles);
    if (!decision.join) continue;
    const before = paragraphs.last[kept[i - 1]!]!;
    warnings.push({
      rule: "R2",
      kind: "unstable-break",
      start: textPosition(doc.lines, before, lineLength(doc.lines, before)),
      end: textPosition(doc.lines, paragraphs.first[kept[i]!]!, 0),
      message: "kept apart by what stood between them in the input (a jump marker, a blank line or a removed duplicate); cleaning this output again would join them",
    });
  }
  return warnings;
}
