import { charTable, cjkShare, displayWidth, displayWidthOf } from "../text/chars.js";
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

/** The last characters of a text that `endsSentence` may accept: sentence ends, closers, a trailing speck. */
const MAY_END_SENTENCE = charTable("。！？；…!?;．.”’\"'」』）)］]】〕》>›»-–");

/** Lines of at least this many cells are wide enough to tell a column from. */
const MIN_COLUMN_LINE = 16;
/** A printed column is narrower than this (cells); wider lines are paragraphs, not print lines. */
const MAX_PRINTED_COLUMN = 180;
/** Fewer live lines than this say too little about the form. */
const MIN_LINES_FOR_FORM = 6;

export function gatherEvidence(doc: Document): Document {
  return { ...doc, evidence: evidenceOf(doc.source, doc.lines) };
}

/** `furniture: false` reads only what R2 needs of the lines (form, headings, labels, lists), not what R5 removes. */
export function evidenceOf(source: string, lines: LineTable, { furniture = true } = {}): DocumentEvidence {
  const view = liveLines(source, lines);
  const role = new Uint8Array(lines.count);
  const { form, columnWidth } = inferForm(view);
  markMarkdown(view, role);
  markListRuns(view, role);
  markLabels(view, role);
  if (furniture) {
    markPageFurniture(view, role, lines);
    markWebChrome(view, role);
  }
  return { form, columnWidth, role };
}

/**
 * The live lines as the evidence reads them: line numbers and widths in typed columns, each
 * text made only when a cheap test of its first character, length or width lets it through.
 * Most lines of a large document never become a string here.
 */
export interface LiveLines {
  readonly count: number;
  /** The line number (index into the line table) of the k-th live line. */
  readonly line: Int32Array;
  /** Display width in half-width cells. */
  readonly width: Int32Array;
  /** Length in UTF-16 units. */
  readonly length: Int32Array;
  text(k: number): string;
  /** The k-th line's first and last UTF-16 units. */
  first(k: number): number;
  last(k: number): number;
  /** The first `n` units of the k-th line. */
  head(k: number, n: number): string;
  /** The last `n` units of the k-th line. */
  tail(k: number, n: number): string;
}

function liveLines(source: string, lines: LineTable): LiveLines {
  let count = 0;
  for (let i = 0; i < lines.count; i++) if (isLive(lines, i)) count++;
  const line = new Int32Array(count);
  const width = new Int32Array(count);
  const length = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < lines.count; i++) {
    if (!isLive(lines, i)) continue;
    line[k] = i;
    if (lines.cuts.has(i)) {
      const t = lineText(source, lines, i);
      width[k] = displayWidth(t);
      length[k] = t.length;
    } else {
      width[k] = displayWidthOf(source, lines.from[i]!, lines.to[i]!);
      length[k] = lines.to[i]! - lines.from[i]!;
    }
    k++;
  }
  const text = (k: number) => lineText(source, lines, line[k]!);
  return {
    count,
    line,
    width,
    length,
    text,
    first: (k: number) => (lines.cuts.has(line[k]!) ? text(k).charCodeAt(0) : source.charCodeAt(lines.from[line[k]!]!)),
    last: (k: number) => (lines.cuts.has(line[k]!) ? text(k).charCodeAt(length[k]! - 1) : source.charCodeAt(lines.to[line[k]!]! - 1)),
    head: (k: number, n: number) => {
      const i = line[k]!;
      if (lines.cuts.has(i)) return text(k).slice(0, n);
      return source.slice(lines.from[i]!, Math.min(lines.to[i]!, lines.from[i]! + n));
    },
    tail: (k: number, n: number) => {
      const i = line[k]!;
      if (lines.cuts.has(i)) return text(k).slice(-n);
      return source.slice(Math.max(lines.from[i]!, lines.to[i]! - n), lines.to[i]!);
    },
  };
}

/**
 * Hard-wrapped: the wide lines cluster under one column width a printed page could have, and
 * most of them stop mid-sentence. Paragraph per line: otherwise. Page per line: a line or two,
 * each far wider than any column.
 */
export function inferForm(view: LiveLines): { form: InputForm; columnWidth?: number } {
  // Widths as a histogram: lines are many, widths few.
  const histogram = new Int32Array(WIDEST_COUNTED + 1);
  let wide = 0;
  for (let k = 0; k < view.count; k++) {
    const w = view.width[k]!;
    if (w < MIN_COLUMN_LINE) continue;
    histogram[Math.min(w, WIDEST_COUNTED)]!++;
    wide++;
  }
  if (view.count <= 2 && view.width.some((w) => w > 2 * MAX_PRINTED_COLUMN)) return { form: "page-per-line" };
  if (view.count < MIN_LINES_FOR_FORM || wide < MIN_LINES_FOR_FORM) return { form: "undetermined" };
  const column = densestColumn(histogram);
  if (column > MAX_PRINTED_COLUMN) return { form: "paragraph-per-line" };
  let inColumn = 0;
  let endingSentence = 0;
  for (let k = 0; k < view.count; k++) {
    const w = view.width[k]!;
    if (w < 0.75 * column || w > column + 4) continue;
    inColumn++;
    // A sentence end is read from the line's last few characters, when its last one may end one.
    if (MAY_END_SENTENCE[view.last(k)] === 1 && endsSentence(view.tail(k, 24))) endingSentence++;
  }
  // Most lines at the column and half of them mid-sentence; or fewer at the column (a page
  // with its front matter) but nearly all of those mid-sentence.
  const hardWrapped = (inColumn >= 0.45 * view.count && endingSentence < 0.5 * inColumn) || (inColumn >= 8 && inColumn >= 0.25 * view.count && endingSentence < 0.2 * inColumn);
  return hardWrapped ? { form: "hard-wrapped", columnWidth: column } : { form: "paragraph-per-line" };
}

/** Widths past this are counted here: no column is near it. */
const WIDEST_COUNTED = 4096;

/**
 * The width W with the most lines in [0.85 W, W + 2]: the right edge of a column, where
 * wrapped lines stop (a proportional font spreads them a little below it). Read off the
 * histogram's running sums; of equal counts, the widest.
 */
function densestColumn(histogram: Int32Array): number {
  const upTo = new Int32Array(histogram.length + 1); // upTo[w]: lines narrower than w
  for (let w = 0; w < histogram.length; w++) upTo[w + 1] = upTo[w]! + histogram[w]!;
  let best = 0;
  let bestWidth = 0;
  for (let w = MIN_COLUMN_LINE; w < histogram.length; w++) {
    if (histogram[w] === 0) continue;
    const count = upTo[Math.min(w + 2, histogram.length - 1) + 1]! - upTo[Math.ceil(0.85 * w)]!;
    if (count >= best) {
      best = count;
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

function markMarkdown(view: LiveLines, role: Uint8Array): void {
  for (let k = 0; k < view.count; k++) {
    const c = view.first(k);
    if (c !== 0x23 && c !== 0x21 && c !== 0x5b && c !== 0x3c) continue;
    const t = view.text(k);
    if (isMarkdownHeading(t)) role[view.line[k]!] = LineRole.markdownHeading;
    else if ((c === 0x21 || c === 0x5b) && MARKDOWN_IMAGE.test(t)) role[view.line[k]!] = LineRole.markdownImage;
    else if (c === 0x3c && PAGE_COMMENT.test(t)) role[view.line[k]!] = LineRole.pageComment;
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

/** What an entry can start with: a bracket, a digit, a bullet, or a CJK character (names). */
const ENTRY_START = charTable("[［〔【(（•●○■□◆◇▲△▶►★☆·*-", ["0", "9"], ["０", "９"], ["\u3400", "\u9fff"]);

/** The entry shape of the k-th live line, reading its text only when its first character allows one. */
function shapeOf(view: LiveLines, k: number): string {
  const c = view.first(k);
  if (ENTRY_START[c] !== 1) return "";
  // Every shape is decided within a line's first few characters; a line that starts with a
  // CJK character is an entry only with a colon or a year after a short name.
  const head = view.head(k, 16);
  if (c >= 0x3400 && !NAME_MARK.test(head.slice(2, 6))) return "";
  return entryShape(head);
}

/** What follows a short name in an entry: `：`, `:`, or a space or digit of a year. */
const NAME_MARK = /[：:\s0-9]/u;

/** Lines of runs of two or more entries of one shape, and the unmarked lines inside such a run. */
function markListRuns(view: LiveLines, role: Uint8Array): void {
  const shapes: string[] = new Array<string>(view.count);
  for (let k = 0; k < view.count; k++) shapes[k] = shapeOf(view, k);
  const roleOf = (k: number) => role[view.line[k]!]!;
  const setRole = (k: number, r: number) => {
    role[view.line[k]!] = r;
  };
  let k = 0;
  while (k < view.count) {
    const shape = shapes[k]!;
    if (shape === "") {
      k++;
      continue;
    }
    // The run goes on while entries of this shape follow, allowing unmarked lines (a wrapped
    // entry's rest, a translation) between two of them.
    let end = k;
    let entries = 1;
    for (let j = k + 1; j < view.count; j++) {
      if (shapes[j] === shape) {
        end = j;
        entries++;
      } else if (shapes[j] !== "" || j - end > 3) break;
    }
    if (entries >= 2) {
      for (let j = k; j <= end; j++) if (roleOf(j) === LineRole.body) setRole(j, shapes[j] === shape ? LineRole.listEntry : LineRole.listContinuation);
      // An unmarked line right after the last entry may still be its rest.
      const next = end + 1;
      if (next < view.count && shapes[next] === "" && roleOf(next) === LineRole.body && !startsLabel(view.text(next))) setRole(next, LineRole.listContinuation);
    }
    k = end + 1;
  }
}

/** `摘要：` `参考文献：` `Keywords:` alone on a line: a unit complete without punctuation. */
const LABEL_ALONE = /^(?:#{1,6}\s*)?[\p{Script=Han}A-Za-z ]{1,14}\s*[：:]$/u;

function markLabels(view: LiveLines, role: Uint8Array): void {
  for (let k = 0; k < view.count; k++) {
    if (view.length[k]! > 20 || role[view.line[k]!] !== LineRole.body) continue;
    const last = view.tail(k, 1).charCodeAt(0);
    if ((last === 0xff1a || last === 0x3a) && LABEL_ALONE.test(view.text(k))) role[view.line[k]!] = LineRole.label;
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
function markPageFurniture(view: LiveLines, role: Uint8Array, lines: LineTable): void {
  const roleOf = (k: number) => role[view.line[k]!]!;
  const numbers: { k: number; value: number }[] = [];
  for (let k = 0; k < view.count; k++) {
    if (view.length[k]! > 10 || roleOf(k) !== LineRole.body) continue;
    const m = BARE_NUMBER.exec(view.text(k));
    if (m) numbers.push({ k, value: Number(m[1]) });
  }
  const rises = (a: { value: number } | undefined, b: { value: number } | undefined) => a !== undefined && b !== undefined && b.value > a.value && b.value - a.value <= 30;
  for (let n = 0; n < numbers.length; n++) {
    const here = numbers[n]!;
    if (rises(numbers[n - 1], here) || rises(here, numbers[n + 1])) role[view.line[here.k]!] = LineRole.pageNumber;
  }
  const isShortHead = (k: number) => {
    if (view.width[k]! > SHORT_LINE) return false;
    const t = view.text(k);
    return (SIGNATURE_MARK.test(t) || RUNNING_HEAD.test(t)) && !endsWithClauseMark(t);
  };
  const furnitureRole = (k: number) => (SIGNATURE_MARK.test(view.text(k)) ? LineRole.signatureMark : LineRole.runningHead);
  // A signature mark stands at the foot of a page, a running head at its top: beside the number,
  // with only blank lines between (`alka-` / `c` / `14` / `ON INFLAMMATION.` / `lira`).
  for (const { k } of numbers) {
    if (roleOf(k) !== LineRole.pageNumber) continue;
    for (const j of [k - 1, k + 1]) {
      if (j < 0 || j >= view.count || roleOf(j) !== LineRole.body || !blankBetween(lines, view.line[k]!, view.line[j]!) || !isShortHead(j)) continue;
      role[view.line[j]!] = furnitureRole(j);
    }
  }
  // Heads standing inside a cut sentence: body text that does not end, short lines set off by
  // blank lines, then text that starts in lower case.
  for (let k = 1; k < view.count; k++) {
    if (roleOf(k) !== LineRole.body || view.width[k]! > SHORT_LINE || !blankBetween(lines, view.line[k - 1]!, view.line[k]!) || !isShortHead(k)) continue;
    let end = k;
    while (end + 1 < view.count && blankBetween(lines, view.line[end]!, view.line[end + 1]!) && (roleOf(end + 1) === LineRole.pageNumber || isShortHead(end + 1))) end++;
    if (end + 1 >= view.count || !blankBetween(lines, view.line[end]!, view.line[end + 1]!)) continue;
    if (view.width[k - 1]! <= SHORT_LINE || endsSentence(view.tail(k - 1, 24)) || !isLowerAscii(view.first(end + 1))) continue;
    for (let j = k; j <= end; j++) if (roleOf(j) === LineRole.body) role[view.line[j]!] = furnitureRole(j);
    k = end;
  }
}

function isLowerAscii(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
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
function markWebChrome(view: LiveLines, role: Uint8Array): void {
  let anchors = 0;
  for (let k = 0; k < view.count; k++) {
    if (view.length[k]! > 24 || CHROME_START[view.first(k)] !== 1 || !WECHAT_CHROME.test(view.text(k))) continue;
    role[view.line[k]!] = LineRole.webChrome;
    anchors++;
  }
  // An account's advert for its own services: a prompt to tap the image that follows it.
  for (let k = 0; k + 1 < view.count; k++) {
    if (role[view.line[k + 1]!] !== LineRole.markdownImage || view.length[k]! > 160 || role[view.line[k]!] !== LineRole.body) continue;
    if (TAP_THE_IMAGE.test(view.text(k))) role[view.line[k]!] = LineRole.webChrome;
  }
  if (anchors < 2) return;
  // From the end back, over short lines, chrome and images: the page's trailing chrome.
  let start = view.count;
  for (let k = view.count - 1; k >= 0; k--) {
    const r = role[view.line[k]!]!;
    if (r !== LineRole.webChrome && r !== LineRole.markdownImage) {
      const t = view.text(k);
      if (!WECHAT_BUTTON.test(t) && !(t.length <= 12 && cjkShare(t) > 0 && !endsSentence(t))) break;
    }
    start = k;
  }
  let inside = 0;
  for (let k = start; k < view.count; k++) if (role[view.line[k]!] === LineRole.webChrome) inside++;
  if (inside < 2) return;
  for (let k = start; k < view.count; k++) if (role[view.line[k]!] === LineRole.body) role[view.line[k]!] = LineRole.webChrome;
}

/** `（点击图片可详细查看）`, `长按识别二维码`: a line that points at the image under it. */
const TAP_THE_IMAGE = /[（(]?(?:点击|點擊|长按|長按|扫描|掃描)(?:图片|圖片|下方|上方|识别|識別|二维码|二維碼)[^）)\n]{0,16}[）)]?[。.]?$/u;

/** What a WeChat chrome phrase starts with. */
const CHROME_START = charTable("微预继向轻阅去在关使，,");
