import { cjkShare, displayWidthOf } from "../text/chars.js";
import { endsSentence, startsLabel } from "../text/units.js";
import { isLive, lineText } from "./lines.js";
import type { Document, DocumentEvidence, InputForm, LineTable } from "./model.js";
import { LineRole } from "./model.js";

/**
 * Evidence about the whole document, gathered once before any rule decides a line: which
 * input form it is, and what each line is (GROBID's idea: label every line of the page
 * before assembling paragraphs). The rules read it; none of them re-derives it.
 *
 * - The input form decides what an unpunctuated line end means. In hard-wrapped text most
 *   lines stop at one column width and a paragraph spans many; in paragraph-per-line text
 *   line widths vary wildly and each line is already a unit, so a join needs evidence of a cut.
 * - List entries are recognised as runs of lines that start with the same shape (`[12]`,
 *   `（3）`, `李哲中：`), never from one line alone.
 * - Page furniture that only its position gives away: page numbers (bare numbers that rise
 *   along the document), running heads and printers' signature marks (short lines beside a
 *   page number, or standing inside a sentence that a page break cut), Markdown images and
 *   page comments, and WeChat page chrome.
 */

/** Lines of at least this many cells are wide enough to tell a column from. */
const MIN_COLUMN_LINE = 16;
/** A printed column is narrower than this (cells); wider lines are paragraphs, not print lines. */
const MAX_PRINTED_COLUMN = 180;
/** Fewer live lines than this say too little about the form. */
const MIN_LINES_FOR_FORM = 6;

export function gatherEvidence(doc: Document): Document {
  return { ...doc, evidence: evidenceOf(doc.source, doc.lines) };
}

export function evidenceOf(source: string, lines: LineTable): DocumentEvidence {
  const live: number[] = [];
  for (let i = 0; i < lines.count; i++) if (isLive(lines, i)) live.push(i);
  const texts = live.map((i) => lineText(source, lines, i));
  const widths = live.map((i, k) => (lines.cuts.has(i) ? widthOf(texts[k]!) : displayWidthOf(source, lines.from[i]!, lines.to[i]!)));
  const role = new Uint8Array(lines.count);
  const { form, columnWidth, bodyWidth } = inferForm(texts, widths);
  markMarkdown(texts, live, role);
  markListRuns(texts, live, role);
  markLabels(texts, live, role);
  markPageFurniture(texts, widths, live, role, lines);
  markWebChrome(texts, live, role);
  return { form, columnWidth, bodyWidth, role };
}

function widthOf(text: string): number {
  return displayWidthOf(text, 0, text.length);
}

/** The q-quantile of sorted numbers. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;
}

/**
 * Hard-wrapped: the wide lines cluster under one column width a printed page could have, and
 * most of them stop mid-sentence. Paragraph per line: otherwise. Page per line: a line or two,
 * each far wider than any column.
 */
export function inferForm(texts: readonly string[], widths: readonly number[]): { form: InputForm; columnWidth?: number; bodyWidth: number } {
  const sorted = widths.filter((w) => w >= MIN_COLUMN_LINE).sort((a, b) => a - b);
  const bodyWidth = Math.max(40, Math.round(0.6 * quantile(sorted, 0.9)));
  if (texts.length <= 2 && widths.some((w) => w > 2 * MAX_PRINTED_COLUMN)) return { form: "page-per-line", bodyWidth };
  if (texts.length < MIN_LINES_FOR_FORM || sorted.length < MIN_LINES_FOR_FORM) return { form: "undetermined", bodyWidth };
  const column = densestColumn(sorted);
  if (column > MAX_PRINTED_COLUMN) return { form: "paragraph-per-line", bodyWidth };
  let inColumn = 0;
  let endingSentence = 0;
  for (let k = 0; k < texts.length; k++) {
    const w = widths[k]!;
    if (w < 0.75 * column || w > column + 4) continue;
    inColumn++;
    if (endsSentence(texts[k]!)) endingSentence++;
  }
  // Most lines at the column and half of them mid-sentence; or fewer at the column (a page
  // with its front matter) but nearly all of those mid-sentence.
  const hardWrapped = (inColumn >= 0.45 * texts.length && endingSentence < 0.5 * inColumn) || (inColumn >= 8 && inColumn >= 0.25 * texts.length && endingSentence < 0.2 * inColumn);
  return hardWrapped ? { form: "hard-wrapped", columnWidth: column, bodyWidth } : { form: "paragraph-per-line", bodyWidth };
}

/**
 * The width W with the most lines in [0.85 W, W + 2]: the right edge of a column, where
 * wrapped lines stop (a proportional font spreads them a little below it). Two pointers over
 * the sorted widths.
 */
function densestColumn(sorted: readonly number[]): number {
  let best = 0;
  let bestWidth = sorted[sorted.length - 1] ?? 0;
  let low = 0;
  let high = 0;
  for (let k = 0; k < sorted.length; k++) {
    const w = sorted[k]!;
    if (k + 1 < sorted.length && sorted[k + 1] === w) continue;
    while (sorted[low]! < 0.85 * w) low++;
    while (high < sorted.length && sorted[high]! <= w + 2) high++;
    if (high - low >= best) {
      best = high - low;
      bestWidth = w;
    }
  }
  return bestWidth;
}

const MARKDOWN_HEADING = /^#{1,6}(?:\s|$)/u;
/** An image, or a link around an image, and nothing else: `![…](…)`, `[![](…)](…)`. */
const MARKDOWN_IMAGE = /^(?:!\[[^\]\n]{0,200}\]\([^)\s]{0,2000}\)\s*|\[!\[[^\]\n]{0,200}\]\([^)\s]{0,2000}\)\]\([^)\s]{0,2000}\)\s*)+$/u;
const PAGE_COMMENT = /^<!--[^>]{0,200}-->$/u;

export function isMarkdownHeading(text: string): boolean {
  return text.charCodeAt(0) === 0x23 && MARKDOWN_HEADING.test(text);
}

function markMarkdown(texts: readonly string[], live: readonly number[], role: Uint8Array): void {
  for (let k = 0; k < texts.length; k++) {
    const t = texts[k]!;
    const c = t.charCodeAt(0);
    if (c === 0x23 && MARKDOWN_HEADING.test(t)) role[live[k]!] = LineRole.markdownHeading;
    else if ((c === 0x21 || c === 0x5b) && MARKDOWN_IMAGE.test(t)) role[live[k]!] = LineRole.markdownImage;
    else if (c === 0x3c && PAGE_COMMENT.test(t)) role[live[k]!] = LineRole.pageComment;
  }
}

/**
 * The shape a list entry starts with, or "" for none: `[12]` and `［12］` reference marks,
 * `(3)` and `1.`, bullets, and a short name before a colon (`李哲中：`, one-line bios).
 * Digits fold to one shape, so `[9]` and `[10]` are entries of one list.
 */
export function entryShape(text: string): string {
  const m = ENTRY_SHAPE.exec(text);
  if (m === null) return "";
  return m[1] !== undefined ? "ref" : m[2] !== undefined ? "paren" : m[3] !== undefined ? `num${m[3]}` : m[4] !== undefined ? "bullet" : m[5] !== undefined ? "name" : m[6] !== undefined ? "bio" : "";
}

const ENTRY_SHAPE = new RegExp(
  [
    "^([\\[［〔【]\\s*[0-9０-９]{1,3}\\s*[\\]］〕】])", // [12] ［12］
    "^([(（]\\s*[0-9０-９]{1,3}\\s*[)）])", // (3)
    "^[0-9０-９]{1,3}\\s*([.．、)）])(?![0-9０-９])", // 1. 2、 3)
    "^([•●○■□◆◇▲△▶►★☆·*-]\\s)", // bullets
    "^([\\p{Script=Han}]{2,4}[：:])(?!$)", // 李哲中：…
    "^[\\p{Script=Han}]{2,4}\\s*([0-9]{4}\\s*[-－—一～~])", // 曹玉胜 1976-，男，… (a bio)
  ].join("|"),
  "u",
);

/** Lines of runs of two or more entries of one shape, and the unmarked lines inside such a run. */
function markListRuns(texts: readonly string[], live: readonly number[], role: Uint8Array): void {
  const shapes = texts.map(entryShape);
  let k = 0;
  while (k < texts.length) {
    const shape = shapes[k]!;
    if (shape === "") {
      k++;
      continue;
    }
    // The run goes on while entries of this shape follow, allowing unmarked lines (a wrapped
    // entry's rest, a translation) between two of them.
    let end = k;
    let entries = 1;
    for (let j = k + 1; j < texts.length; j++) {
      if (shapes[j] === shape) {
        end = j;
        entries++;
      } else if (shapes[j] !== "" || j - end > 3) break;
    }
    if (entries >= 2) {
      for (let j = k; j <= end; j++) if (role[live[j]!] === LineRole.body) role[live[j]!] = shapes[j] === shape ? LineRole.listEntry : LineRole.listContinuation;
      // An unmarked line right after the last entry may still be its rest.
      for (let j = end + 1; j < texts.length && j <= end + 1 && shapes[j] === "" && role[live[j]!] === LineRole.body && !startsLabel(texts[j]!); j++) {
        role[live[j]!] = LineRole.listContinuation;
      }
    }
    k = Math.max(end + 1, k + 1);
  }
}

/** `摘要：` `参考文献：` `Keywords:` alone on a line: a unit complete without punctuation. */
const LABEL_ALONE = /^(?:#{1,6}\s*)?[\p{Script=Han}A-Za-z ]{1,14}\s*[：:]$/u;

function markLabels(texts: readonly string[], live: readonly number[], role: Uint8Array): void {
  for (let k = 0; k < texts.length; k++) {
    const t = texts[k]!;
    if (t.length <= 20 && LABEL_ALONE.test(t) && role[live[k]!] === LineRole.body) role[live[k]!] = LineRole.label;
  }
}

/** A page number alone: digits, perhaps with dashes or dots around them. */
const BARE_NUMBER = /^[-–—·•]?\s*([0-9]{1,4})\s*[-–—·•]?$/u;
/** A printers' signature mark: a letter (not a word such as `A`, `a` or `I`), perhaps with a digit; found only at page breaks. */
const SIGNATURE_MARK = /^[B-HJ-Zb-hj-z](?:\s?[0-9]{1,2})?$/u;
/** A running head: a short line with no lower-case letter (`TREATMENT OF IRRITATION.`), or a short CJK title. */
const RUNNING_HEAD = /^(?=.*[A-Z\p{Script=Han}])[^a-z]{2,60}$/u;

/** Lines of the page between two live lines of text: nothing is this short in running text but a head or a number. */
const SHORT_LINE = 60;

/**
 * Page numbers rise along the document: a bare number is a page number when another bare
 * number before or after it is a little smaller or larger. Around each page number, and
 * inside a sentence that a page break cut (`…was seized with` / `B` / `INTRODUCTORY.` /
 * `intercourse…`), short heads and signature marks are page furniture too.
 */
function markPageFurniture(texts: readonly string[], widths: readonly number[], live: readonly number[], role: Uint8Array, lines: LineTable): void {
  const numbers: { k: number; value: number }[] = [];
  for (let k = 0; k < texts.length; k++) {
    const m = BARE_NUMBER.exec(texts[k]!);
    if (m && role[live[k]!] === LineRole.body) numbers.push({ k, value: Number(m[1]) });
  }
  for (let n = 0; n < numbers.length; n++) {
    const here = numbers[n]!;
    const rises = (a: { value: number } | undefined, b: { value: number } | undefined) => a !== undefined && b !== undefined && b.value > a.value && b.value - a.value <= 30;
    if (rises(numbers[n - 1], here) || rises(here, numbers[n + 1])) role[live[here.k]!] = LineRole.pageNumber;
  }
  const isShortHead = (k: number) => widths[k]! <= SHORT_LINE && (SIGNATURE_MARK.test(texts[k]!) || RUNNING_HEAD.test(texts[k]!)) && !endsWithClauseMark(texts[k]!);
  // A signature mark stands at the foot of a page, a running head at its top, so a mark may sit
  // two lines from the number (`alka-` / `c` / `14` / `ON INFLAMMATION.` / `lira`).
  // Heads beside a page number, with only blank lines between.
  for (const { k } of numbers) {
    if (role[live[k]!] !== LineRole.pageNumber) continue;
    for (const step of [-1, 1]) {
      const j = k + step;
      if (j < 0 || j >= texts.length || role[live[j]!] !== LineRole.body || !isShortHead(j) || !blankBetween(lines, live[k]!, live[j]!)) continue;
      role[live[j]!] = SIGNATURE_MARK.test(texts[j]!) ? LineRole.signatureMark : LineRole.runningHead;
    }
  }
  // Heads standing inside a cut sentence: body text that does not end, short lines set off by
  // blank lines, then text that starts in lower case.
  for (let k = 1; k < texts.length; k++) {
    if (!isShortHead(k) || role[live[k]!] !== LineRole.body || !blankBetween(lines, live[k - 1]!, live[k]!)) continue;
    let end = k;
    while (end + 1 < texts.length && (isShortHead(end + 1) || role[live[end + 1]!] === LineRole.pageNumber) && blankBetween(lines, live[end]!, live[end + 1]!)) end++;
    if (end + 1 >= texts.length || !blankBetween(lines, live[end]!, live[end + 1]!)) continue;
    const before = texts[k - 1]!;
    const after = texts[end + 1]!;
    if (widths[k - 1]! <= SHORT_LINE || endsSentence(before) || !/^[a-z]/u.test(after)) continue;
    for (let j = k; j <= end; j++) {
      if (role[live[j]!] === LineRole.body) role[live[j]!] = SIGNATURE_MARK.test(texts[j]!) ? LineRole.signatureMark : LineRole.runningHead;
    }
    k = end;
  }
}

function endsWithClauseMark(text: string): boolean {
  return /[,，;；:：]$/u.test(text);
}

/** Only blank lines stand between lines a < b. */
function blankBetween(lines: LineTable, a: number, b: number): boolean {
  if (b < a) [a, b] = [b, a];
  if (b - a < 2) return false;
  for (let i = a + 1; i < b; i++) if (lines.to[i]! > lines.from[i]!) return false;
  return true;
}

/** WeChat's own page furniture, whole lines that are never article text. */
const WECHAT_CHROME = /^(?:微信扫一扫(?:可打开此内容，?)?|预览时标签不可点|继续滑动看下一个|向上滑动看下一个|轻触阅读原文|阅读原文|去阅读|在小说阅读器读本章|在小说阅读器中沉浸阅读|关注该公众号|使用小程序|使用完整服务|[，,]?轻点两下取消(?:赞|在看)|微信扫一扫\s*关注该公众号)$/u;
/** Words of WeChat's buttons and dialogs: chrome only among chrome. */
const WECHAT_BUTTON = /^(?:赞|在看|分享|留言|收藏|听过|视频|小程序|取消|允许|知道了|分析|写留言|×|[\p{P}\p{S}]{1,3})$/u;

/**
 * WeChat chrome: its phrases wherever they stand; its buttons and short lines in the stretch
 * of chrome that runs to the document's end.
 */
function markWebChrome(texts: readonly string[], live: readonly number[], role: Uint8Array): void {
  let anchors = 0;
  for (let k = 0; k < texts.length; k++) {
    if (WECHAT_CHROME.test(texts[k]!)) {
      role[live[k]!] = LineRole.webChrome;
      anchors++;
    }
  }
  if (anchors < 2) return;
  // From the end back, over short lines, chrome and images: the page's trailing chrome.
  let start = texts.length;
  for (let k = texts.length - 1; k >= 0; k--) {
    const r = role[live[k]!]!;
    const t = texts[k]!;
    if (r === LineRole.webChrome || r === LineRole.markdownImage || WECHAT_BUTTON.test(t) || (t.length <= 12 && cjkShare(t) > 0 && !endsSentence(t))) start = k;
    else break;
  }
  let inside = 0;
  for (let k = start; k < texts.length; k++) if (role[live[k]!] === LineRole.webChrome) inside++;
  if (inside < 2) return;
  for (let k = start; k < texts.length; k++) if (role[live[k]!] === LineRole.body) role[live[k]!] = LineRole.webChrome;
}
