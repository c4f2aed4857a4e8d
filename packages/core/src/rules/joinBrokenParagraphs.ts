import { cutText, inputOffset, isLive, sourceIndex } from "../document/lines.js";
import type { Document, Edit, Line, Paragraph, Warning } from "../document/model.js";
import { isFullLine, isIndented, profileLayout, type LayoutProfile } from "../document/profile.js";
import { codePointCount, firstCodePoint, isAsciiDigit, isCjk, isFullWidthPunct, isLatinLetter, lastCodePoint } from "../text/chars.js";
import {
  endsSentence,
  endsWithNonFinalCjk,
  endsWithNonFinalLatin,
  endsWithOpenPunct,
  isCapitalsHeading,
  isCjkText,
  isTitleCase,
  isTitleLike,
  startsDateline,
  startsEnumeratedItem,
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

/** What stood between two live lines. */
export interface Gap {
  blankLines: number;
  /** A jump marker (R1) stood alone on a line between them. */
  marker: boolean;
}

export type JoinDecision = { join: true; reason: string } | { join: false; reason: string; dangling: boolean };

const PHOTO_CAPTION_END = /(?:^|[\s\u3000。！？!?.）)])[\p{Script=Han}]{2,4}[\s\u3000/／]?摄$|摄影[:：]?\s*[\p{Script=Han}]{2,4}$/u;
/** `一、` or `(三)` alone: the contract keeps such lines as they are. */
const BARE_ENUMERATOR = /^(?:[(（]?[一二三四五六七八九十百0-9０-９]{1,3}[)）、.．]|[①-⑳])$/u;
/** A few characters closing a sentence, `盼问题。` `恐慌。`: the tail of a cut sentence, not a paragraph. */
const SHORT_SENTENCE_TAIL = /^[\p{Script=Han}]{1,5}[。！？!?]["”’」』]?$/u;
/** A Latin letter and a hyphen end the text: `pro-` + `gress`. */
function endsWithLatinHyphen(text: string): boolean {
  const hyphen = text.charCodeAt(text.length - 1);
  if (hyphen !== 0x2d && hyphen !== 0xad && hyphen !== 0x2010) return false;
  const c = text.charCodeAt(text.length - 2);
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
}
/** Prefixes whose line-end hyphen belongs to a compound and stays: `self-` + `reliance`. */
const COMPOUND_PREFIX = /(?:^|[^A-Za-z])(?:self|well|ill|half|all|ex|cross|so|vice|quasi|non|anti|pro|co)-$/iu;

function startsLowercase(text: string): boolean {
  return /^[a-z\u00df-\u00ff]/u.test(text);
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
const JOIN_PLAIN = decision(true, "the first part does not end a sentence and the next does not start a new unit");

/**
 * Decides one break. `continuesParagraph`: `a` is itself the continuation of a paragraph
 * already joined, so it cannot be a title. The scripts of both parts and the first part's
 * display width may be passed in when the caller knows them.
 */
export function decideJoin(
  a: Line,
  b: Line,
  gap: Gap,
  profile: LayoutProfile,
  continuesParagraph = false,
  firstCjk = isCjkText(a.text),
  secondCjk = isCjkText(b.text),
  firstWidth?: number,
): JoinDecision {
  const first = a.text;
  const second = b.text;
  if (gap.marker || a.wallAfter || b.wallBefore) return WALL;
  if (endsSentence(first) || ((first.endsWith("摄") || first.includes("摄影")) && PHOTO_CAPTION_END.test(first.slice(-16)))) {
    return SENTENCE_END;
  }
  if (BARE_ENUMERATOR.test(first)) return BARE;
  // Only body text left open is worth a warning; a headline is complete without punctuation.
  const no = (r: { dangling: JoinDecision; complete: JoinDecision }) => (isHeading(first, firstCjk, continuesParagraph) ? r.complete : r.dangling);

  if (startsEnumeratedItem(second)) return no(ITEM_NEXT);
  if (startsDateline(second)) return no(DATELINE_NEXT);
  if (profile.indentOpensParagraph && isIndented(b)) return no(INDENTED_NEXT);
  const closes = unmatchedClosers(second);
  if (closes.length > 0 && closes.some((o) => !unclosedOpeners(first).includes(o))) return no(UNOPENED_CLOSER);

  const latin = !firstCjk && !secondCjk;
  const hyphen = endsWithLatinHyphen(first);
  const full = isFullLine(first, profile, firstWidth);
  // Evidence in the first part that its clause goes on.
  const openEnd = hyphen || endsWithOpenPunct(first) || (firstCjk ? endsWithNonFinalCjk(first) : latin && endsWithNonFinalLatin(first));
  // Evidence in the second part that it starts mid-clause.
  const midClause = startsMidClause(second) || (latin ? startsLowercase(second) : SHORT_SENTENCE_TAIL.test(second));

  if (!secondCjk && !hyphen && isCapitalsHeading(second)) return no(CAPITALS_NEXT);
  // A line that fills the column is body text, however unpunctuated.
  if (!openEnd && !full && isTitleLike(second, secondCjk) && !isFullLine(second, profile)) return no(TITLE_NEXT);
  if (latin && !openEnd && isHeading(first, firstCjk, continuesParagraph)) return HEADING_LATIN;
  if (!latin && !openEnd && !midClause && !full && isHeading(first, firstCjk, continuesParagraph)) return HEADING_CJK;
  if (gap.blankLines > 0 && profile.blankLinesSeparateParagraphs && !openEnd && !midClause) return no(BLANK_LINE);
  // A typesetter breaks a CJK line early only where a paragraph ends (OCR may have lost its `。`).
  if (profile.columnIsClear && firstCjk && !full && !openEnd && !midClause) return no(SHORT_LINE);
  return hyphen ? JOIN_HYPHEN : full ? JOIN_FULL : openEnd ? JOIN_OPEN_END : midClause ? JOIN_MID_CLAUSE : JOIN_PLAIN;
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

/** The separator between two joined parts, and whether the first part's hyphen goes. */
export function joinSeparator(first: string, second: string): { separator: string; dropHyphen: boolean } {
  if (endsWithLatinHyphen(first)) {
    const dropHyphen = startsLowercase(second) && !COMPOUND_PREFIX.test(first.slice(-8));
    return { separator: "", dropHyphen };
  }
  const end = first.charCodeAt(first.length - 1);
  if (end === 0x2014 || end === 0x2013) return { separator: "", dropHyphen: false };
  const last = lastCodePoint(first);
  const next = firstCodePoint(second);
  if (isCjk(last) || isCjk(next) || isFullWidthPunct(last) || isFullWidthPunct(next)) return { separator: "", dropHyphen: false };
  // Digits cut inside a CJK sentence belong to one number: `共计12` + `34人`.
  if (isAsciiDigit(last) && isAsciiDigit(next) && isCjkText(first)) return { separator: "", dropHyphen: false };
  if (!isLatinLetter(last) && !isAsciiDigit(last) && !/[\p{P}]/u.test(String.fromCodePoint(last))) return { separator: "", dropHyphen: false };
  return { separator: " ", dropHyphen: false };
}

export function joinBrokenParagraphs(doc: Document): Document {
  // Widths measured for the profile, by line index (-1: not measured, or the text changed since).
  const widths = new Int32Array(doc.lines.length).fill(-1);
  const profile = profileLayout(doc.lines, widths);
  const edits: Edit[] = [];
  const warnings: Warning[] = [];
  const lines = [...doc.lines];
  const paragraphs: Paragraph[] = [];
  let parts: number[] = []; // indices into `lines` of the open paragraph
  // The joined text, as pieces: joined once when the paragraph closes, it is one flat string
  // rather than a rope that every later pass would have to flatten.
  const pieces: string[] = [];
  let previousCjk = false;
  const gap: Gap = { blankLines: 0, marker: false };

  const close = () => {
    if (parts.length > 0) paragraphs.push({ first: lines[parts[0]!]!, last: lines[parts[parts.length - 1]!]!, text: pieces.length === 1 ? pieces[0]! : pieces.join("") });
    parts = [];
    pieces.length = 0;
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (!isLive(line)) {
      if (line.removedBy === "R1") gap.marker = true;
      else if (!line.removedBy) gap.blankLines++;
      continue;
    }
    const previousIndex = parts[parts.length - 1];
    // Each line's script is read once, as the second part of one break and the first of the next.
    const cjk = isCjkText(line.text);
    if (previousIndex === undefined) {
      parts = [i];
      pieces.push(line.text);
    } else {
      const previous = lines[previousIndex]!;
      const width = widths[previousIndex]!;
      const decision = decideJoin(previous, line, gap, profile, parts.length > 1, previousCjk, cjk, width >= 0 ? width : undefined);
      if (decision.join) {
        // Indentation at a junction is layout, not text: it goes with the line break.
        if (line.text.charCodeAt(0) === 0x3000) {
          const indent = /^\u3000+/u.exec(line.text)![0].length;
          if (indent < line.text.length) {
            lines[i] = line = cutText(line, 0, indent);
            widths[i] = -1;
          }
        }
        const { separator, dropHyphen } = joinSeparator(previous.text, line.text);
        if (dropHyphen) {
          lines[previousIndex] = cutText(previous, previous.text.length - 1, previous.text.length);
          pieces[pieces.length - 1] = pieces[pieces.length - 1]!.slice(0, -1);
        }
        edits.push(joinEdit(doc.source, previous, line, separator, dropHyphen, decision.reason));
        parts.push(i);
        if (separator) pieces.push(separator);
        pieces.push(line.text);
      } else {
        if (decision.dangling) {
          warnings.push({
            rule: "R2",
            kind: "dangling-end",
            start: inputOffset(previous, previous.text.length),
            end: inputOffset(line, 0),
            line: previous.no,
            message: `left unjoined although it does not end a sentence: ${decision.reason}`,
          });
        }
        close();
        parts = [i];
        pieces.push(line.text);
      }
    }
    previousCjk = cjk;
    gap.blankLines = 0;
    gap.marker = false;
  }
  close();
  return { ...doc, lines, paragraphs, edits: doc.edits.concat(edits), warnings: doc.warnings.concat(warnings) };
}

function joinEdit(source: string, a: Line, b: Line, separator: string, dropHyphen: boolean, reason: string): Edit {
  const from = dropHyphen ? a.text.length - 1 : a.text.length;
  return {
    rule: "R2",
    kind: dropHyphen ? "dehyphenate-join" : "join",
    start: inputOffset(a, from),
    end: inputOffset(b, 0),
    line: a.no,
    text: source.slice(sourceIndex(a, from), sourceIndex(b, 0)),
    joinedWith: separator,
    reason,
  };
}
