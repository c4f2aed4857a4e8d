import { EditRecorder } from "../document/edits.js";
import { LineEditor } from "../document/lines.js";
import { evidenceOf, isMarkdownHeading } from "../document/evidence.js";
import type { Document, EditLabel, InputForm, Notice } from "../document/model.js";
import { JOINED_WITH_SPACE, LineRole, REMOVED_MASK, ruleCode, WALL_AFTER, WALL_BEFORE } from "../document/model.js";
import { isFullLine, isIndented, profileLayout, type LayoutProfile } from "../document/profile.js";
import { codePointCount, firstCodePoint, isAsciiDigit, isCjk, isFullWidthPunct, isLatinLetter, lastCodePoint } from "../text/chars.js";
import {
  endsSentence,
  endsWithNonFinalCjk,
  endsWithNonFinalLatin,
  endsWithOpenPunct,
  enumeratorLength,
  isCapitalsHeading,
  isCjkText,
  isTitleCase,
  isTitleLike,
  startsDateline,
  startsEnumeratedItem,
  startsLabel,
  startsMidClause,
  unclosedOpeners,
  unmatchedClosers,
} from "../text/units.js";

/**
 * R2: re-join a paragraph cut by a hard line wrap, a column break or a page break.
 * Each break between two adjacent live lines is decided on its own, from the two texts,
 * what stood between them (blank lines, removed furniture, a jump marker) and the layout
 * of the whole document. Joining needs both: the first part does not end, and the second
 * does not start a new unit. A title never takes the next paragraph without positive
 * evidence that it was cut (an open clause, a one-character clause after the break).
 */

/** What stood between two live lines, and how the second was laid out. */
export interface Gap {
  blankLines: number;
  /** A jump marker (R1) stood between them: alone on a line, or at the end of the first or the start of the second. */
  marker: boolean;
  /** The second line was indented in the input. */
  indented: boolean;
}

/** What the whole document says about a break (`gatherEvidence`): its form, and what each of the two lines is. */
export interface BreakEvidence {
  form: InputForm;
  /** The printed column's width in cells, in hard-wrapped text. */
  columnWidth?: number;
  firstRole: number;
  secondRole: number;
}

/** Evidence for a break when nothing is known of the document: decided from the two lines alone. */
export const NO_EVIDENCE: BreakEvidence = Object.freeze({ form: "undetermined", firstRole: LineRole.body, secondRole: LineRole.body });

export type JoinDecision = { join: true; reason: string } | { join: false; reason: string; dangling: boolean };

const PHOTO_CAPTION_END = /(?:^|[\s\u3000。！？!?.）)])[\p{Script=Han}]{2,4}[\s\u3000/／]?摄$|摄影[:：]?\s*[\p{Script=Han}]{2,4}$/u;
/** `一、` or `(三)` alone: the contract keeps such lines as they are. */
const BARE_ENUMERATOR = /^(?:[(（]?[一二三四五六七八九十百0-9０-９]{1,3}[)）、.．]|[①-⑳])$/u;
/** A few characters closing a sentence, `盼问题。` `恐慌。`: the tail of a cut sentence, not a paragraph. */
const SHORT_SENTENCE_TAIL = /^[\p{Script=Han}]{1,5}[。！？!?]["”’」』]?$/u;
/** A Latin letter and a hyphen end the text: `pro-` + `gress`. */
function endsWithLatinHyphen(text: string): boolean {
  const hyphen = text.charCodeAt(text.length - 1);
  // `-`, a soft hyphen, U+2010, or U+2043 (the hyphen bullet some typesetters print as a hyphen).
  if (hyphen !== 0x2d && hyphen !== 0xad && hyphen !== 0x2010 && hyphen !== 0x2043) return false;
  const c = text.charCodeAt(text.length - 2);
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
}
/**
 * Prefixes whose line-end hyphen belongs to a compound and stays: `self-` + `reliance`. Only
 * words that are never a syllable of a longer word: `ex-`, `anti-`, `co-` are split syllables
 * as often (`ex-` + `tensive`, `anti-` + `mony`), and there the printed hyphen goes.
 */
const COMPOUND_PREFIX = /(?:^|[^A-Za-z])(?:self|well|ill|half|cross|vice|quasi)-$/iu;

/** The first word is in lower case (`quarters`, `ditions`), not an OCR misread capital (`pREEK`). */
function startsLowercase(text: string): boolean {
  return /^[a-z\u00df-\u00ff][a-z\u00df-\u00ff'’]*(?![A-Z])/u.test(text);
}

/** Every outcome, made once: deciding a break allocates nothing. */
const decision = (join: boolean, reason: string, dangling = false): JoinDecision =>
  Object.freeze(join ? { join: true as const, reason } : { join: false as const, reason, dangling });
const refusal = (reason: string) => ({ dangling: decision(false, reason, true), complete: decision(false, reason, false) });

const WALL = decision(false, "a jump marker stands between them: the text continues on another page");
const SENTENCE_END = decision(false, "the first part ends a sentence");
const BARE = decision(false, "the first part is an enumerator standing alone");
const HEADING_LATIN = decision(false, "the first part is a heading");
const HEADING_CJK = decision(false, "the first part is a complete title or heading");
const ENCLOSED = decision(false, "the first part is a whole line in brackets (an affiliation, a note): a unit of its own");
const HEADING_MARKDOWN = decision(false, "the first part is a Markdown heading");
const LABEL = decision(false, "the first part is a label alone on a line (摘要：, Keywords:)");
const MARKDOWN_NEXT = refusal("the next line is a Markdown heading");
const LABEL_NEXT = refusal("the next line starts with a label (摘要：, Keywords:)");
const BILINGUAL = refusal("the next line changes script: a translation or a new unit, not the rest of this one");
const NO_CUT = refusal("lines are whole paragraphs in this document, and nothing shows that this one was cut");
const JOIN_ENTRY_REST = decision(true, "the rest of a list entry, cut by a line, column or page break");
const ITEM_NEXT = refusal("the next line starts an enumerated item");
const DATELINE_NEXT = refusal("the next line starts a dateline");
const INDENTED_NEXT = refusal("the next line is indented: a new paragraph");
const UNOPENED_CLOSER = refusal("the next line closes a bracket or quote the first part never opened: its start is elsewhere");
const CAPITALS_NEXT = refusal("the next line is a heading in capitals");
const TITLE_NEXT = refusal("the next line reads as a title");
const BLANK_LINE = refusal("a blank line separates paragraphs in this document");
const SHORT_LINE = refusal("the first part stops short of the column width: its paragraph ended there");
const JOIN_HYPHEN = decision(true, "a word hyphenated at the line end");
const JOIN_FULL = decision(true, "a hard-wrapped line at the column width, with no sentence end");
const JOIN_OPEN_END = decision(true, "the first part ends mid-clause");
const JOIN_MID_CLAUSE = decision(true, "the next line starts mid-clause");
const JOIN_LOWER_CASE = decision(true, "the next line starts in lower case: it continues this one");
const JOIN_BODY_CUT = decision(true, "running text cut by a break: the first part holds clauses and does not end, the next is no title");
const JOIN_DECK_REST = decision(true, "a headline or deck wrapped over lines");
const JOIN_PLAIN = decision(true, "the first part does not end a sentence and the next does not start a new unit");

/** Clauses inside: running text, not a title, caption or name. */
const CLAUSE_MARK = /[，,、；;。：:！？]/u;
function isRunningText(text: string): boolean {
  return CLAUSE_MARK.test(text) && !isTitleLike(text, true);
}

/**
 * Decides one break. `continuesParagraph`: `a` is itself the continuation of a paragraph
 * already joined, so it cannot be a title. The scripts of both parts and the first part's
 * display width may be passed in when the caller knows them.
 */
export function decideJoin(
  first: string,
  second: string,
  gap: Gap,
  profile: LayoutProfile,
  continuesParagraph = false,
  firstCjk = isCjkText(first),
  secondCjk = isCjkText(second),
  firstWidth?: number,
  evidence: BreakEvidence = NO_EVIDENCE,
): JoinDecision {
  if (gap.marker) return WALL;
  // Markdown headings are units, however they end: never joined to what follows or precedes.
  if (evidence.firstRole === LineRole.markdownHeading || isMarkdownHeading(first)) return HEADING_MARKDOWN;
  if (endsSentence(first) || ((first.endsWith("摄") || first.includes("摄影")) && PHOTO_CAPTION_END.test(first.slice(-16)))) {
    return SENTENCE_END;
  }
  if (BARE_ENUMERATOR.test(first)) return BARE;
  if (isEnclosed(first)) return ENCLOSED;
  if (evidence.firstRole === LineRole.label) return LABEL;
  // Only body text left open is worth a warning; a headline is complete without punctuation.

  if (evidence.secondRole === LineRole.markdownHeading || isMarkdownHeading(second)) return refuse(MARKDOWN_NEXT, first, firstCjk, continuesParagraph);
  if (evidence.secondRole === LineRole.label || startsLabel(second)) return refuse(LABEL_NEXT, first, firstCjk, continuesParagraph);
  if (evidence.secondRole === LineRole.listEntry || startsEnumeratedItem(second)) return refuse(ITEM_NEXT, first, firstCjk, continuesParagraph);
  if (startsDateline(second)) return refuse(DATELINE_NEXT, first, firstCjk, continuesParagraph);
  if (profile.indentOpensParagraph && gap.indented) return refuse(INDENTED_NEXT, first, firstCjk, continuesParagraph);
  const closes = unmatchedClosers(second);
  if (closes !== 0 && (closes & ~unclosedOpeners(first)) !== 0) return refuse(UNOPENED_CLOSER, first, firstCjk, continuesParagraph);

  const latin = !firstCjk && !secondCjk;
  const hyphen = endsWithLatinHyphen(first);
  const full = isFullLine(first, profile, firstWidth);
  // Evidence in the first part that its clause goes on.
  const openEnd = hyphen || endsWithOpenPunct(first) || (firstCjk ? endsWithNonFinalCjk(first) : latin && endsWithNonFinalLatin(first));
  const lowerCase = !secondCjk && startsLowercase(second);
  // Evidence in the second part that it starts mid-clause.
  const midClause = startsMidClause(second) || (latin ? lowerCase : SHORT_SENTENCE_TAIL.test(second));

  // A Chinese line and the Latin line after it: a bilingual pair, two units.
  if (firstCjk && !secondCjk && !midClause && !lowerCase && /^[A-Z]/u.test(second)) return refuse(BILINGUAL, first, firstCjk, continuesParagraph);
  // The unmarked rest of a list entry joins it, in the entry's own script.
  if (evidence.secondRole === LineRole.listContinuation) {
    return firstCjk !== secondCjk && !midClause && !lowerCase ? refuse(BILINGUAL, first, firstCjk, continuesParagraph) : JOIN_ENTRY_REST;
  }
  // In Latin text a line that starts in lower case continues the one before, a wrapped headline
  // too; where lines are whole paragraphs, a complete heading keeps the text under it apart.
  if (lowerCase && !hyphen && (evidence.form !== "paragraph-per-line" || !isHeading(first, firstCjk, continuesParagraph))) return JOIN_LOWER_CASE;

  // A headline or deck wrapped over lines (`WARN SHIPPERS -` + `AND TRAVELERS`): see wrapsHeadline.
  if (latin && wrapsHeadline(first, second, openEnd, evidence.form !== "paragraph-per-line")) return JOIN_DECK_REST;
  if (!secondCjk && !hyphen && isCapitalsHeading(second)) return refuse(CAPITALS_NEXT, first, firstCjk, continuesParagraph);
  // A line that fills the column is body text, however unpunctuated.
  if (!openEnd && !full && isTitleLike(second, secondCjk) && !isFullLine(second, profile)) return refuse(TITLE_NEXT, first, firstCjk, continuesParagraph);
  // In a hard-wrapped column, a line as wide as the column is running text, however capitalised.
  const columnWide = evidence.columnWidth !== undefined && (firstWidth ?? first.length) >= 0.85 * evidence.columnWidth;
  if (latin && !openEnd && !(columnWide && !isCapitalsHeading(first)) && isHeading(first, firstCjk, continuesParagraph)) return HEADING_LATIN;
  if (!latin && !openEnd && !midClause && !full && isHeading(first, firstCjk, continuesParagraph)) return HEADING_CJK;
  // An enumerated heading without a clause (`二、…政策取向`) is complete even where its last
  // character could leave a clause open; an item with clauses (`一是…，…环境和`) may wrap.
  const enumerator = enumeratorLength(first);
  if (!latin && !midClause && !full && !continuesParagraph && enumerator > 0 && !CLAUSE_MARK.test(first.slice(enumerator)) && codePointCount(first) <= 40) return HEADING_CJK;
  if (gap.blankLines > 0 && profile.blankLinesSeparateParagraphs && !openEnd && !midClause) return refuse(BLANK_LINE, first, firstCjk, continuesParagraph);
  if (evidence.form === "paragraph-per-line") {
    // Each line is a unit here: a join needs a visible cut.
    if (hyphen && lowerCase) return JOIN_HYPHEN;
    if (midClause) return JOIN_MID_CLAUSE;
    if (openEnd && !hyphen && !/[:：]$/u.test(first)) return JOIN_OPEN_END;
    // Running text on both sides, cut where no sentence ends: `…是我市` + `8.4万青年志愿者…`.
    // The second part is judged as a line, not as the paragraph it may open, so nothing but a
    // title keeps it apart: a second cleaning reads the whole paragraph and must agree.
    if (firstCjk && secondCjk && evidence.firstRole === LineRole.body && evidence.secondRole === LineRole.body && isRunningText(first) && !isTitleLike(second, true)) return JOIN_BODY_CUT;
    return refuse(NO_CUT, first, firstCjk, continuesParagraph);
  }
  // A typesetter breaks a CJK line early only where a paragraph ends (OCR may have lost its `。`).
  if (profile.columnIsClear && firstCjk && !full && !openEnd && !midClause) return refuse(SHORT_LINE, first, firstCjk, continuesParagraph);
  return hyphen ? JOIN_HYPHEN : full ? JOIN_FULL : openEnd ? JOIN_OPEN_END : midClause ? JOIN_MID_CLAUSE : JOIN_PLAIN;
}

/** A line in one pair of brackets, `（Field Engineering College，…，Nanjing 210007）`. */
function isEnclosed(text: string): boolean {
  const open = text.charCodeAt(0);
  const close = text.charCodeAt(text.length - 1);
  return text.length > 2 && ((open === 0xff08 && close === 0xff09) || (open === 0x28 && close === 0x29)) && unclosedOpeners(text) === 0 && unmatchedClosers(text) === 0;
}

/** Words a headline line does not end on, nor its next line start with unless it continues. */
const HEADLINE_GLUE = /^(?:and|or|of|to|in|on|at|for|by|with|from|the|a|an|as|but|nor)\s/iu;

/**
 * A headline or deck printed over two lines. Capitals go on in capitals where the first line
 * cannot end (`WARN SHIPPERS -` + `AND TRAVELERS`). In printed columns a title-case line
 * without a sentence end goes on in the title-case line under it (`Similar Orders in All
 * Other` + `Railroad Centers.`); where lines are whole units, only where it cannot end. The
 * decision reads the first line's end and the second's start, never how the second ends, so
 * that a second cleaning, which reads the joined deck as one line, agrees.
 */
function wrapsHeadline(first: string, second: string, openEnd: boolean, printedColumn: boolean): boolean {
  if (first.length > 60 || second.length > 60) return false;
  const glued = openEnd || HEADLINE_GLUE.test(second);
  if (isCapitalsHeading(first) && isCapitalsHeading(second)) return glued;
  if (isTitleCase(first) && !isCapitalsHeading(first) && isTitleCase(second) && !isCapitalsHeading(second)) return glued || printedColumn;
  return false;
}

type Refusal = ReturnType<typeof refusal>;

/** A refusal, as a warning where the first part is body text left open; a heading is complete. */
function refuse(r: Refusal, first: string, firstCjk: boolean, continuesParagraph: boolean): JoinDecision {
  return isHeading(first, firstCjk, continuesParagraph) ? r.complete : r.dangling;
}

/** A heading or title as the first part of a break: complete without a sentence end. */
function isHeading(text: string, cjk: boolean, continuesParagraph: boolean): boolean {
  if (continuesParagraph) return false;
  return cjk ? isHeadingLike(text, true) : isCapitalsHeading(text) || isTitleCase(text) || isHeadingLike(text, false);
}

/** A complete heading: a title, or a short enumerated heading such as `(九)聚焦安全和发展,加快…`. */
function isHeadingLike(text: string, cjk: boolean): boolean {
  if (isTitleLike(text, cjk)) return true;
  // An enumerated heading may hold a comma, never a sentence end: `三是…。健全重大政` is body text.
  return startsEnumeratedItem(text) && codePointCount(text) <= 60 && !endsWithOpenPunct(text) && !SENTENCE_INSIDE.test(text);
}

const SENTENCE_INSIDE = /[。！？；!?;]/u;

/** What a join puts between the parts, and whether the first part's hyphen goes. */
export interface JoinSeparator {
  readonly separator: "" | " ";
  readonly dropHyphen: boolean;
}

// The only three answers, made once: a document has a join on most of its lines.
const NOTHING: JoinSeparator = Object.freeze({ separator: "", dropHyphen: false });
const SPACE: JoinSeparator = Object.freeze({ separator: " ", dropHyphen: false });
const DROP_HYPHEN: JoinSeparator = Object.freeze({ separator: "", dropHyphen: true });

const PUNCTUATION = /[\p{P}]/u;

/** The separator between two joined parts, and whether the first part's hyphen goes. */
export function joinSeparator(first: string, second: string): JoinSeparator {
  if (endsWithLatinHyphen(first)) {
    return startsLowercase(second) && !COMPOUND_PREFIX.test(first.slice(-8)) ? DROP_HYPHEN : NOTHING;
  }
  const end = first.charCodeAt(first.length - 1);
  // A line-end dash between two Latin parts takes a space, as any Latin join does; in CJK text, none.
  if (end === 0x2014 || end === 0x2013) {
    const before = first.length >= 2 ? first.codePointAt(first.length - 2)! : -1;
    const next = firstCodePoint(second);
    return (isLatinLetter(before) || isAsciiDigit(before)) && isLatinLetter(next) ? SPACE : NOTHING;
  }
  const last = lastCodePoint(first);
  const next = firstCodePoint(second);
  if (isCjk(last) || isCjk(next) || isFullWidthPunct(last) || isFullWidthPunct(next)) return NOTHING;
  // Digits cut inside a CJK sentence belong to one number: `共计12` + `34人`.
  if (isAsciiDigit(last) && isAsciiDigit(next) && isCjkText(first)) return NOTHING;
  if (!isLatinLetter(last) && !isAsciiDigit(last) && !PUNCTUATION.test(String.fromCodePoint(last))) return NOTHING;
  return SPACE;
}

/** The four labels of a join decision: with nothing or a space between, hyphen kept or dropped. */
const joinLabels = new Map<string, EditLabel[]>();

function joinLabel(reason: string, separator: string, dropHyphen: boolean): EditLabel {
  let labels = joinLabels.get(reason);
  if (labels === undefined) {
    labels = [];
    for (const kind of ["join", "dehyphenate-join"]) for (const joinedWith of ["", " "]) labels.push({ rule: "R2", kind, reason, joinedWith });
    joinLabels.set(reason, labels);
  }
  return labels[(dropHyphen ? 2 : 0) + (separator === " " ? 1 : 0)]!;
}

const R1 = ruleCode("R1");

export function joinBrokenParagraphs(doc: Document): Document {
  const { source } = doc;
  const lines = new LineEditor(source, doc.lines);
  // Widths measured for the profile, by line index (-1: not measured, or the text changed since).
  const widths = new Int32Array(lines.count).fill(-1);
  const profile = profileLayout(source, lines, widths);
  const evidence = doc.evidence ?? evidenceOf(source, doc.lines);
  const breakEvidence: BreakEvidence = { form: evidence.form, columnWidth: evidence.columnWidth, firstRole: LineRole.body, secondRole: LineRole.body };
  const edits = new EditRecorder(lines.count);
  const warnings: Notice[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  let parts = 0; // lines in the open paragraph
  let previous = -1; // its last line
  let previousText = "";
  let previousCjk = false;
  const gap: Gap = { blankLines: 0, marker: false, indented: false };

  const close = () => {
    if (parts > 0) lasts.push(previous);
    parts = 0;
  };
  const open = (i: number) => {
    firsts.push(i);
    parts = 1;
  };

  for (let i = 0; i < lines.count; i++) {
    if (!lines.isLive(i)) {
      const removedBy = lines.state[i]! & REMOVED_MASK;
      if (removedBy === R1) gap.marker = true;
      else if (removedBy === 0) gap.blankLines++;
      continue;
    }
    let text = lines.text(i);
    // Each line's script is read once, as the second part of one break and the first of the next.
    const cjk = isCjkText(text);
    if (previous < 0) {
      open(i);
    } else {
      const width = widths[previous]!;
      if ((lines.state[previous]! & WALL_AFTER) !== 0 || (lines.state[i]! & WALL_BEFORE) !== 0) gap.marker = true;
      gap.indented = isIndented(source, lines.start[i]!);
      breakEvidence.firstRole = evidence.role[previous]!;
      breakEvidence.secondRole = evidence.role[i]!;
      const decision = decideJoin(previousText, text, gap, profile, parts > 1, previousCjk, cjk, width >= 0 ? width : undefined, breakEvidence);
      if (decision.join) {
        // Indentation at a junction is layout, not text: it goes with the line break.
        if (text.charCodeAt(0) === 0x3000) {
          let indent = 1;
          while (text.charCodeAt(indent) === 0x3000) indent++;
          if (indent < text.length) {
            lines.cut(i, 0, indent);
            widths[i] = -1;
            text = text.slice(indent);
          }
        }
        const { separator, dropHyphen } = joinSeparator(previousText, text);
        const from = dropHyphen ? previousText.length - 1 : previousText.length;
        edits.add(joinLabel(decision.reason, separator, dropHyphen), lines.position(previous, from), lines.position(i, 0));
        if (dropHyphen) lines.cut(previous, previousText.length - 1, previousText.length);
        if (separator) lines.mark(i, JOINED_WITH_SPACE);
        parts++;
      } else {
        if (decision.dangling) {
          warnings.push({
            rule: "R2",
            kind: "dangling-end",
            start: lines.position(previous, previousText.length),
            end: lines.position(i, 0),
            message: `left unjoined although it does not end a sentence: ${decision.reason}`,
          });
        }
        close();
        open(i);
      }
    }
    previous = i;
    previousText = text;
    previousCjk = cjk;
    gap.blankLines = 0;
    gap.marker = false;
  }
  close();
  const count = firsts.length;
  const paragraphs = { count, first: Int32Array.from(firsts), last: Int32Array.from(lasts), rewritten: new Map<number, string>(), removedBy: new Uint8Array(count) };
  return { ...doc, lines: lines.table(), paragraphs, edits: edits.appendTo(doc.edits), warnings: doc.warnings.concat(warnings) };
}
