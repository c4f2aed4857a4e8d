import type { Edit, EditBatch, Notice, RuleId, Warning } from "./document/model.js";
import { EDIT_FIELDS, RULES } from "./document/model.js";
import type { DecodedInput } from "./document/decode.js";
import type { SourceMap } from "./document/repair.js";
import { bitsFor, sortPairs } from "./text/radix.js";
import { ENGINE_VERSION } from "./version.js";

/** Everything the cleaner did to one document, in input order: the provenance of every change. */
export interface CleanReport {
  engineVersion: string;
  encoding: DecodedInput["encoding"];
  input: { codePoints: number; lines: number };
  output: { codePoints: number; paragraphs: number };
  /** Edits per rule. A join counts once per junction. */
  counts: Record<RuleId, number>;
  edits: Edit[];
  warnings: Warning[];
}

export function buildReport(decoded: DecodedInput, output: string, paragraphs: number, inputLines: number, edits: readonly Edit[], warnings: readonly Warning[]): CleanReport {
  const counts = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<RuleId, number>;
  // Indexed loops here and in the sort: this runs once a document, so it is not compiled,
  // and an interpreted for-of makes an iterator result for each of 100,000 edits.
  for (let i = 0; i < edits.length; i++) counts[edits[i]!.rule]++;
  // The output is drawn from the input: without surrogates there, none here.
  const astral = ANY_SURROGATE.test(decoded.text);
  return {
    engineVersion: ENGINE_VERSION,
    encoding: decoded.encoding,
    input: { codePoints: astral ? countCodePoints(decoded.text) : decoded.text.length, lines: inputLines },
    output: { codePoints: astral ? countCodePoints(output) : output.length, paragraphs },
    counts,
    edits: sortByStart(edits),
    warnings: sortByStart(warnings),
  };
}

/**
 * The passes' edits as the report gives them: offsets into the decoded input in code points,
 * the line, the removed text, and for a removed duplicate its kept twin's place in the output.
 * `source`: the text the passes read; `removedBy`: the final paragraphs' removals.
 */
export function reportEdits(source: string, batches: readonly EditBatch[], removedBy: Uint8Array, map: SourceMap): Edit[] {
  // A twin's index among the kept paragraphs; a twin removed later (as part of an earlier
  // run) stands at the nearest kept paragraph before it.
  const outputIndex = new Int32Array(removedBy.length);
  let n = 0;
  for (let j = 0; j < removedBy.length; j++) outputIndex[j] = removedBy[j] === 0 ? n++ : -1;
  const pointAt = (j: number) => {
    let i = j;
    while (i > 0 && outputIndex[i] === -1) i--;
    return outputIndex[i] ?? -1;
  };
  // Made at its size: grown by push, the array of a hundred thousand edits is copied over and over.
  let total = 0;
  for (const batch of batches) total += batch.count;
  const edits = new Array<Edit>(total);
  let next = 0;
  for (const batch of batches) {
    const { labels, fields, extras } = batch;
    for (let k = 0; k < batch.count; k++) {
      const at = k * EDIT_FIELDS;
      const label = labels[fields[at]!]!;
      const extra = extras.size === 0 ? undefined : extras.get(k);
      const text = extra?.text ?? source.slice(fields[at + 3]!, fields[at + 4]!);
      const { rule, kind, reason, joinedWith } = label;
      const { start, end, line } = inputSpan(map, fields[at + 1]!, fields[at + 2]!);
      // One literal a shape: spread copies would make slow objects that every later read pays for.
      if (joinedWith !== undefined) {
        edits[next++] = { rule, kind, start, end, line, text, joinedWith, reason };
      } else if (extra?.twin) {
        const twin = inputSpan(map, extra.twin.start, extra.twin.end);
        const keptAt = { start: twin.start, end: twin.end, line: twin.line, paragraph: pointAt(extra.twin.paragraph) };
        edits[next++] = { rule, kind, start, end, line, text, reason, keptAt, similarity: extra.similarity! };
      } else {
        edits[next++] = { rule, kind, start, end, line, text, reason };
      }
    }
  }
  return edits;
}

/** The passes' warnings as the report gives them (see `reportEdits`). */
export function reportWarnings(notices: readonly Notice[], map: SourceMap): Warning[] {
  return notices.map((w) => {
    const { start, end, line } = inputSpan(map, w.start, w.end);
    return { rule: w.rule, kind: w.kind, start, end, line, message: w.message };
  });
}

interface Span {
  start: number;
  end: number;
  line: number;
}

/** Where `inputSpan` answers: a report maps a hundred thousand spans, and each is read at once. */
const SPAN: Span = { start: 0, end: 0, line: 0 };

/**
 * A span [start, end) of the text the passes read, as the report gives it: code points into
 * the decoded input (an end never before its start), and the 1-based line of its start.
 * The answer is valid until the next call.
 */
function inputSpan(map: SourceMap, start: number, end: number): Span {
  const into = SPAN;
  const from = map.unit(start, "start");
  const to = Math.max(from, map.unit(end, "end"));
  into.start = map.codePoint(from);
  into.end = map.codePoint(to);
  into.line = map.line(from);
  return into;
}

/**
 * Input order: by start, then by rule, the passes' own order among equals. A document's
 * edits number in the hundred thousands and come as a few sorted runs (one per pass); a
 * radix sort of (start, rule) keys orders them in linear time.
 */
function sortByStart<T extends { start: number; rule: RuleId }>(items: readonly T[]): T[] {
  let maxStart = 0;
  for (let i = 0; i < items.length; i++) maxStart = Math.max(maxStart, items[i]!.start);
  const ruleBits = 3;
  if (maxStart >= 2 ** (32 - ruleBits)) return [...items].sort((a, b) => a.start - b.start || RULE_RANK[a.rule] - RULE_RANK[b.rule]);
  const keys = new Int32Array(items.length);
  const order = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    keys[i] = (items[i]!.start << ruleBits) | RULE_RANK[items[i]!.rule];
    order[i] = i;
  }
  const sorted = sortPairs(keys, order, bitsFor(maxStart) + ruleBits).values;
  const out = new Array<T>(items.length);
  for (let i = 0; i < sorted.length; i++) out[i] = items[sorted[i]!]!;
  return out;
}

const RULE_RANK = Object.fromEntries(RULES.map((r, i) => [r, i])) as Record<RuleId, number>;

// Without the u flag the class sees UTF-16 units, so it counts the low half of each pair.
const LOW_SURROGATES = /[\udc00-\udfff]/g;

const ANY_SURROGATE = /[\ud800-\udfff]/;

function countCodePoints(text: string): number {
  return text.length - (text.match(LOW_SURROGATES)?.length ?? 0);
}

/**
 * A readable list of edits, one a line, for `pagemend clean --explain`. Given the decoded
 * input, a join shows the text on either side of it.
 */
export function explain(report: CleanReport, name = "input", source?: string): string {
  const chars = source === undefined ? undefined : Array.from(source);
  const around = (e: Edit) =>
    chars ? `: "…${flatten(chars.slice(Math.max(0, e.start - 8), e.start).join(""))}" + "${flatten(chars.slice(e.end, e.end + 8).join(""))}…"` : "";
  const lines = [`${name}: ${report.edits.length} edits (${RULES.map((r) => `${r} ${report.counts[r]}`).join(", ")}), ${report.warnings.length} warnings`];
  for (const e of report.edits) {
    const what =
      e.rule === "R2" ? `joined with ${e.joinedWith === " " ? "a space" : "nothing"}` : e.replacement ? `replaced ${quote(e.text)} with ${quote(e.replacement)}` : `removed ${quote(e.text)}`;
    const twin = e.keptAt ? ` (kept twin: line ${e.keptAt.line}, output paragraph ${e.keptAt.paragraph + 1}${e.similarity !== undefined && e.similarity < 1 ? `, similarity ${e.similarity}` : ""})` : "";
    lines.push(`  line ${e.line} ${e.rule} ${e.kind}: ${what}: ${e.reason}${e.rule === "R2" ? around(e) : ""}${twin}`);
  }
  for (const w of report.warnings) lines.push(`  line ${w.line} ${w.rule} warning ${w.kind}: ${w.message}`);
  return lines.join("\n") + "\n";
}

/** A text on one line of the explanation: its line ends shown as ⏎. */
function flatten(text: string): string {
  return text.replace(/\r\n|\r|\n/gu, "⏎");
}

function quote(text: string): string {
  const flat = flatten(text);
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 57)}…` : flat);
}

