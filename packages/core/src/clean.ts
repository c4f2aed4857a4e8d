import { decodeInput } from "./document/decode.js";
import { mapToSource, repairText, type RepairPass } from "./document/repair.js";
import { removeHtmlMarkup } from "./rules/removeHtmlMarkup.js";
import { removePhoneticAnnotations } from "./rules/removePhoneticAnnotations.js";
import { repairShiftedGbk } from "./rules/repairShiftedGbk.js";
import { repairUtf8Mojibake } from "./rules/repairUtf8Mojibake.js";
import { inputOffset, paragraphsOf, segmentLines } from "./document/lines.js";
import type { Document, Edit, Line, Paragraph, Warning } from "./document/model.js";
import { profileLayout } from "./document/profile.js";
import { buildReport, type CleanReport } from "./report.js";
import { findRepeatCandidates } from "./rules/findRepeatCandidates.js";
import { decideJoin, joinBrokenParagraphs } from "./rules/joinBrokenParagraphs.js";
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
  { rule: "R5", name: "removePageFurniture", run: removePageFurniture },
  { rule: "R2", name: "joinBrokenParagraphs", run: joinBrokenParagraphs },
  { rule: "R5", name: "removeRevealedFurniture", run: removeRevealedFurniture },
  { rule: "R3", name: "findRepeatCandidates", run: findRepeatCandidates },
  { rule: "R3", name: "removeRepeatedParagraphs", run: removeRepeatedParagraphs },
  { rule: "R4", name: "removeDuplicatedBlocks", run: removeDuplicatedBlocks },
] as const satisfies readonly { rule: string; name: string; run: (doc: Document) => Document }[];

export function clean(input: string | Uint8Array, options: CleanOptions = {}): CleanResult {
  const decoded = decodeInput(input);
  const repaired = repairText(decoded.text, options.skip?.includes("R0") ? [] : TEXT_REPAIRS.map((r) => r.run));
  let doc = segmentLines(repaired.text);
  const inputLines = repaired.sourceIndex?.lineCount ?? doc.lines.length;
  for (const pass of PASSES) {
    if (options.skip?.includes(pass.rule)) continue;
    doc = pass.run(doc);
    // From here on the passes read paragraphs, which keep their first and last lines: the
    // lines in between can go, which on a hard-wrapped document is most of them.
    if (pass.run === joinBrokenParagraphs) doc = { ...doc, lines: [] };
  }
  const paragraphs = paragraphsOf(doc);
  const kept = paragraphs.filter((p) => !p.removedBy);
  const text = kept.length === 0 ? "" : kept.map((p) => p.text).join("\n") + "\n";
  // Offsets so far point into the repaired text; the report's point into the decoded input.
  doc = {
    ...doc,
    edits: repaired.edits.concat(mapToSource(repaired, pointTwinsAtOutput(doc.edits, paragraphs))),
    warnings: mapToSource(repaired, doc.warnings.concat(findUnstableBreaks(kept))),
  };
  return { text, report: buildReport(doc, decoded, text, kept.length, inputLines), source: decoded.text };
}

/** Twin references carry the paragraph's index in the document; the report wants its place in the output. */
function pointTwinsAtOutput(edits: readonly Edit[], paragraphs: ReturnType<typeof paragraphsOf>): Edit[] {
  const outputIndex: number[] = [];
  let n = 0;
  for (const p of paragraphs) outputIndex.push(p.removedBy ? -1 : n++);
  return edits.map((e) => {
    if (!e.keptAt) return e;
    let i = e.keptAt.paragraph;
    // A twin removed later as part of an earlier run: point at the nearest kept paragraph before it.
    while (i > 0 && outputIndex[i] === -1) i--;
    return { ...e, keptAt: { ...e.keptAt, paragraph: outputIndex[i] ?? -1 } };
  });
}

/**
 * Breaks the output keeps that a second cleaning would join: two parts a jump marker, a
 * blank line or a removed duplicate kept apart, which plain text cannot show once they are
 * gone. The contract's walls win over idempotence there, and the report says so.
 */
function findUnstableBreaks(kept: readonly Paragraph[]): Warning[] {
  if (kept.length < 2) return [];
  // Only a break after an unfinished paragraph can be joined; most end a sentence.
  const open: number[] = [];
  for (let i = 1; i < kept.length; i++) if (!endsSentence(kept[i - 1]!.text)) open.push(i);
  if (open.length === 0) return [];
  // The lines a second cleaning would read: the output's paragraphs, as they are.
  const lines: Line[] = kept.map((p, i) => ({
    no: i + 1,
    start: 0,
    cpStart: 0,
    raw: p.text,
    text: p.text,
    lead: 0,
    deleted: [],
    removedBy: undefined,
    astral: false,
    wallBefore: false,
    wallAfter: false,
  }));
  const profile = profileLayout(lines);
  const warnings: Warning[] = [];
  for (const i of open) {
    const decision = decideJoin(lines[i - 1]!, lines[i]!, { blankLines: 0, marker: false }, profile);
    if (!decision.join) continue;
    const before = kept[i - 1]!.last;
    const after = kept[i]!.first;
    warnings.push({
      rule: "R2",
      kind: "unstable-break",
      start: inputOffset(before, before.text.length),
      end: inputOffset(after, 0),
      line: before.no,
      message: "kept apart by what stood between them in the input (a jump marker, a blank line or a removed duplicate); cleaning this output again would join them",
    });
  }
  return warnings;
}
