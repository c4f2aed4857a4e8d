import { EditRecorder, editLabel } from "../document/edits.js";
import { LineEditor, lineLength, linesMatching, paragraphSpan, paragraphText, textPosition, trimLayout } from "../document/lines.js";
import { charSet, charTable, codePointCount } from "../text/chars.js";
import { findJumpMarkers } from "./removeJumpMarkers.js";
import type { Document, LineTable, ParagraphTable, RuleId } from "../document/model.js";
import { LineRole, ruleCode } from "../document/model.js";

/**
 * R5: lines that belong to the page, not to any article: editorial credits, contact lines,
 * page headers and footers, page numbers, rule lines, watermarks and site boilerplate.
 * Every detector is anchored to the whole line (or to a bracketed / trailing span for
 * watermarks and source notes) and keeps anything it is unsure about: headlines, column
 * titles, bylines, captions and datelines are never furniture.
 */

interface Detector {
  kind: string;
  reason: string;
  test: (text: string) => boolean;
  /**
   * Runs whatever the line starts with (page heads may start with any name), on lines that
   * hold a match of `needs`: a pattern every line the test accepts matches.
   */
  ungated?: { needs: RegExp | Uint8Array };
}

const SP = "[ \\t\\u3000]*";
const CN_NUM = "[0-9０-９一二三四五六七八九十百零〇]+";
const NO_SENTENCE = (text: string) => !/[。！？!?]/u.test(text.replace(/[!?]+$/u, "")) || /^[\p{P}\p{S}\s]+$/u.test(text);

const CREDIT = new RegExp(
  `^[(（【\\[]?${SP}(?:责任编辑|責任編輯|本版编辑|本版編輯|值班编辑|值班編輯|图片编辑|圖片編輯|文字编辑|文字編輯|美术编辑|美術編輯|执行编辑|執行編輯|实习编辑|實習編輯|副主编|副主編|主编|主編|编辑|編輯|责编|責編|美编|美編|校对|校對|审核|審核|审校|審校|审读|審讀|终审|終審|初审|初審|复审|複審|二审|三审|排版|组版|組版|版式设计|版式|视觉设计|視覺設計|签发|簽發|监制|監製|统筹|統籌)${SP}[:：|｜]?`,
  "u",
);
const CREDIT_WORD = /(?:编辑|編輯|美编|美編|校对|校對|审核|審核|责编|責編|终审|初审|复审|排版|组版|签发|监制|统筹)/gu;

/** `责任编辑` alone, or `编辑陈蔓`: a credit word and a name of two or three characters, nothing else. */
const BARE_CREDIT = /^(?:责任编辑|責任編輯|责编|責編|编辑|編輯|美编|美編|校对|校對)(?:[\p{Script=Han}]{2,3})?$/u;

function isCreditLine(text: string): boolean {
  if (text.length <= 7 && BARE_CREDIT.test(text) && !/^(?:编辑|編輯)[部室器]/u.test(text)) return true;
  const m = CREDIT.exec(text);
  if (!m || text.length > 80 || /[。！？]/u.test(text)) return false;
  const rest = text.slice(m[0].length);
  // `编辑：张三`, `责任编辑 王敏 / 美编 李强 / 校对 赵四`; not `编辑部召开…` (no colon, no space, no name list).
  const hadSeparator = /[:：|｜\s]$/u.test(m[0]) || /^[ \t\u3000]/u.test(rest);
  const names = rest.replace(/[)）】\]]$/u, "").trim();
  return (hadSeparator || (text.match(CREDIT_WORD)?.length ?? 0) >= 2) && names.length <= 60 && !/[,，].{12,}/u.test(names);
}

const CONTACT = /^(?:E-?mail|Email|邮箱|郵箱|电子邮箱|電子郵箱|电子信箱|投稿邮箱|Tel|Phone|电话|電話|传真|傳真|Fax|新闻热线|新聞熱線|报料热线|報料熱線|热线|熱線)[ \t]*[:：]/iu;
const CONTACT_VALUE = /[\w.+-]+@[\w-]+\.[\w.]+|\d[\d\s()-]{5,}|https?:\/\/|www\./u;
const URL_ALONE = /^(?:https?:\/\/|www\.)[^\s\u3000]+$/iu;

const EDITION = new RegExp(`^(?:第${SP}${CN_NUM}${SP}版|[A-H]${SP}\\d{1,2}(?:${SP}版)?|\\d{1,2}${SP}版|[A-H]\\d{1,2}${SP}[-–—]${SP}[A-H]\\d{1,2})$`, "u");
const DATE = /^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2})$/u;
const WEEKDAY = /^(?:星期[一二三四五六日天]|周[一二三四五六日]|週[一二三四五六日]|礼拜[一二三四五六日天])$/u;
const LUNAR = /^(?:农历|農曆).{2,12}$/u;
const PAPER = /^[\p{Script=Han}A-Za-z]{1,10}(?:日报|晚报|早报|时报|商报|周报|周刊|日報|晚報|早報|時報|商報|週報|週刊)$/u;
const SECTION = /^[\p{Script=Han}]{2,4}$/u;

/** `2021年3月5日 星期五 第3版 要闻`: every token a header token, with at least an edition or a weekday. */
const MAY_BE_PAGE_HEADER = /版|星期|礼拜|[周週][一二三四五六日]|\d{4}[-./年]|[报報]$|[报報][\s\u3000]|刊|农历|農曆|[A-H]\d/u;

/** Every page-head token holds one of these characters. */
const PAGE_HEADER_CHAR = /[0-9０-９版星礼周週报報刊农農]/u;
const PAGE_HEADER_CHARS = charTable("版星礼周週报報刊农農", ["0", "9"], ["０", "９"]);

function isChinesePageHeader(text: string): boolean {
  if (text.length > 60 || !PAGE_HEADER_CHAR.test(text) || !MAY_BE_PAGE_HEADER.test(text)) return false;
  const tokens = text.split(/[ \t\u3000|｜·•/／]+/u).filter(Boolean);
  let strong = 0;
  let dates = 0;
  let weak = 0;
  for (const t of tokens) {
    if (EDITION.test(t) || WEEKDAY.test(t)) strong++;
    else if (DATE.test(t)) dates++;
    else if (PAPER.test(t) || LUNAR.test(t) || SECTION.test(t)) weak++;
    else return false;
  }
  // A date alone may close an official notice; a date with its weekday or edition is a page head,
  // and so is an edition with the paper's name or the page's section (`第3版 要闻`).
  return strong > 0 && weak <= strong + dates + 1;
}

const MONTHS = "(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)";
const EN_RUNNING_HEAD_PAGE = /\bPAGE\s+[A-Z]?\d{1,4}[A-Z]?\b/iu;
const EN_DATE = new RegExp(`\\b${MONTHS}\\.?\\s+\\d{1,2},?\\s+\\d{4}\\b`, "iu");
const EN_WEEKDAY = /\b(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY\b/iu;

/** `THE EVENING HERALD, TUESDAY, MARCH 8, 1921.   PAGE 3`: a page number with a date or in capitals. */
function isEnglishRunningHead(text: string): boolean {
  const c = text.charCodeAt(0);
  // A running head starts with the paper's name, a date or the page, in capitals or digits.
  if (text.length > 140 || !((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return false;
  if (!(text.includes("AGE") || text.includes("age")) || !EN_RUNNING_HEAD_PAGE.test(text)) return false;
  const letters = text.replace(/[^A-Za-z]/gu, "");
  const capitals = letters.replace(/[^A-Z]/gu, "").length;
  const dated = EN_DATE.test(text) || EN_WEEKDAY.test(text);
  return (dated && capitals / Math.max(1, letters.length) > 0.6) || (dated && text.split(/\s{3,}/u).length > 1);
}

const PAGE_NUMBER = new RegExp(
  [
    "^[-–—－~～]\\s*\\d{1,4}\\s*[-–—－~～]$", // - 12 -
    "^[·•]\\s*\\d{1,4}\\s*[·•]$", // ·12·
    `^第${SP}\\d{1,4}${SP}页$`, // 第 12 页
    "^(?:page|p\\.)\\s*\\d{1,4}(?:\\s*(?:of|/)\\s*\\d{1,4})?$", // Page 3 of 12
    "^\\d{1,4}\\s*/\\s*\\d{1,4}$", // 3/12
  ].join("|"),
  "iu",
);

/** A journal's masthead line: `Vol. 43 No. 1 总第343 期`, `134 Ship Electronic Engineering 2023 年第1 期总第343期`. */
const MASTHEAD = /Vol\.\s*\d{1,4}\s*,?\s*No\.\s*\d{1,4}|总第\s*\d{1,5}\s*期|\d{4}\s*年\s*第\s*\d{1,3}\s*期/u;
const JOURNAL_HEAD = /^[\p{Script=Han}A-Za-z ]{2,30}第\s*\d{1,4}\s*卷(?:\s*第\s*\d{1,4}\s*期)?$|^[A-Z][\w .&-]{2,60},?\s+Vol\.\s*\d+,?\s*No\.\s*\d+(?:,?\s*pp?\.\s*[\d-]+)?$/u;

const SYMBOLS_ONLY = /^[\p{P}\p{S}\s]+$/u;

/** Lines made only of symbols: `■■■`, `!!!!`, `————`, `＊＊＊`. An ellipsis alone is content. */
function isRuleLine(text: string): boolean {
  if (!SYMBOLS_ONLY.test(text) || text.replace(/\s/gu, "").length < 3) return false;
  return !/^[.…。·\s]+$/u.test(text);
}

const WATERMARK_LINE = /^(?:(?:微信)?(?:公众号|公眾號|微信号|微信號|订阅号|訂閱號)\s*[:：]|(?:扫码|掃碼|扫描二维码|掃描二維碼|长按|長按)(?:关注|關注|识别|識別|二维码|二維碼)|(?:关注|關注)(?:我们|我們|公众号|公眾號)|点击上方|點擊上方|更多精彩内容|更多精彩內容)/u;
/**
 * A watermark glued into text: bracketed anywhere, or after the sentence it was stuck to and
 * ending where the line or a space ends it. Followed straight by more text or punctuation,
 * its end cannot be known (the name would swallow the next sentence), and it is kept.
 */
const WATERMARK_GLUED =
  /[（(【]\s*(?:微信)?(?:公众号|公眾號|微信号|微信號)\s*[:：][^)）】]{1,30}[)）】]|(?<=[。！？!?”])\s*(?:(?:微信)?(?:公众号|公眾號)\s*[:：]\s*[\p{L}\p{N}_-]{1,30}|(?:扫码|掃碼)(?:关注|關注)[\p{L}\p{N}_-]{0,30})(?:$|[ \t\u3000]+(?=\S))/gu;

const SOURCE_NOTE = /本文来自[^。\n]{0,80}?转载请联系原作者[。.]?|本文來自[^。\n]{0,80}?轉載請聯繫原作者[。.]?/gu;
/** A site's or account's notice about reprints and rights: `本公众号发布的文章均转载自互联网…版权归原作者…`. */
const REPRINT_NOTICE = /^(?:本公众号|本号|本站|本平台|本网|本账号)[^\n]{0,80}?(?:转载|轉載)[^\n]{0,120}?(?:版权|版權|侵权|侵權|删除|刪除)/u;
const RIGHTS_LINE = /^(?:版权所有|版權所有|未经授权|未經授權|转载请注明|轉載請註明|免责声明|免責聲明|版权声明|版權聲明)/u;
const TIME_STAMP = /^(?:时间|時間|发布时间|發布時間|发表时间|發表時間|更新时间|更新時間|日期)\s*[:：]\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:[ \t\u3000].{0,40})?$/u;
const SITE_BLURB = /^(?:导语|導語)\s*[:：]/u;
/** `返回搜狐，查看更多`, `原文地址：http://…`: a site's footer, a link to the original. */
const SITE_FOOTER = /^(?:返回[\p{Script=Han}]{1,6}[，,]\s*查看更多|(?:原文地址|原文链接|原文鏈接|本文链接|本文鏈接)\s*[:：]\s*(?:https?:\/\/|www\.)\S+)$/u;
const TAG_WORDS = ["热门标签", "熱門標簽", "熱門標籤", "热门关键词", "熱門關鍵詞", "标签", "標簽", "標籤", "Tags"];
const TAG_CLOUD = new RegExp(`^(?:${TAG_WORDS.join("|")})\\s*[:：]?`, "iu");
const RELATED_WORDS = ["相关文章", "相關文章", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀", "相关新闻", "相關新聞", "猜你喜欢", "猜你喜歡", "Related(?: articles| stories)?"];
const RELATED_LIST = new RegExp(`^(?:${RELATED_WORDS.join("|")})\\s*[:：]?$`, "iu");
/** What a list heading starts with: the first letters of its words, in either case. */
const LIST_HEAD_START = charSet([...TAG_WORDS, ...RELATED_WORDS].map((w) => w[0]!.toLowerCase() + w[0]!.toUpperCase()).join(""));

const LINE_DETECTORS: Detector[] = [
  { kind: "credit-line", reason: "editorial credit line (editor, designer, proof-reader), not part of any article", test: isCreditLine },
  { kind: "contact-line", reason: "standalone contact line", test: (t) => CONTACT.test(t) && CONTACT_VALUE.test(t) && t.length <= 100 },
  { kind: "contact-line", reason: "a URL alone on a line", test: (t) => URL_ALONE.test(t) },
  { kind: "page-header", reason: "edition, page or date line of the page head or foot", test: isChinesePageHeader, ungated: { needs: PAGE_HEADER_CHARS } },
  { kind: "page-header", reason: "running head with the paper's name, date and page", test: isEnglishRunningHead, ungated: { needs: /AGE|age/g } },
  { kind: "page-header", reason: "running journal head (title, volume, issue)", test: (t) => (t.includes("卷") || t.includes("Vol")) && JOURNAL_HEAD.test(t), ungated: { needs: /卷|Vol/g } },
  { kind: "page-header", reason: "a journal's masthead line (volume, issue, page)", test: (t) => t.length <= 90 && MASTHEAD.test(t) && !/[。！？，,；;]/u.test(t), ungated: { needs: /Vol\.|期/g } },
  { kind: "page-number", reason: "page number alone on a line", test: (t) => PAGE_NUMBER.test(t) },
  { kind: "rule-line", reason: "decorative rule made only of symbols", test: isRuleLine },
  { kind: "watermark", reason: "advertising watermark (official account, scan-to-follow)", test: (t) => WATERMARK_LINE.test(t) && t.length <= 60 && NO_SENTENCE(t) },
  { kind: "boilerplate", reason: "rights or reprint notice of the source site", test: (t) => RIGHTS_LINE.test(t) && t.length <= 80 },
  { kind: "boilerplate", reason: "the site's or account's reprint and rights notice", test: (t) => t.length <= 240 && REPRINT_NOTICE.test(t) },
  { kind: "boilerplate", reason: "a web page's publication time stamp", test: (t) => TIME_STAMP.test(t) },
  { kind: "boilerplate", reason: "a web site's footer or a link to the original page", test: (t) => SITE_FOOTER.test(t) },
  { kind: "boilerplate", reason: "a web site's blurb (导语) above the article", test: (t) => SITE_BLURB.test(t) },
];
const BLURB = LINE_DETECTORS[LINE_DETECTORS.length - 1]!;

/** Short, unpunctuated lines that read like the titles of linked articles or tags. */
function isLinkTitle(text: string, max: number): boolean {
  return codePointCount(text) <= max && !/[。！？!?]$|[,，;；]/u.test(text.replace(/\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.*$/u, ""));
}

const MARKDOWN_PREFIX = /^(?:>\s*)*(?:#{1,6}\s+)?/u;

/** Every detector has a length cap well under this; longer lines are article text. */
const LONGEST_FURNITURE = 160;

/**
 * Characters a furniture line can start with, but for page heads, which may start with a
 * paper's name and are tested on their own: most article lines fail this and skip the rest.
 */
const FURNITURE_START = new Set(
  [..."#>([（【［〔责責本值图圖文编編美校审審终終初复複二三排组組版视視签簽监監统統邮郵电電投传傳新报報热熱微公订訂扫掃长長关關点點更未转轉免时時发發日导導第返原·•-–—－~～"].concat([..."EeTtPpFfHhWw0123456789"]),
);
const SYMBOL_START = /^[\p{P}\p{S}]/u;
const IS_FURNITURE_START = charSet([...FURNITURE_START].join(""));
let symbolTable: Uint8Array | undefined;

/** A text whose first code point is `c` starts like furniture: one of FURNITURE_START, or punctuation or a symbol. */
function startsLikeFurniture(c: number | undefined): boolean {
  if (c === undefined) return false;
  if (IS_FURNITURE_START(c)) return true;
  if (c > 0xffff) return SYMBOL_START.test(String.fromCodePoint(c));
  // The symbol classes, as a table over the BMP built on first use.
  if (symbolTable === undefined) {
    symbolTable = new Uint8Array(0x10000);
    for (let u = 0; u < 0x10000; u++) if (SYMBOL_START.test(String.fromCharCode(u))) symbolTable[u] = 1;
  }
  return symbolTable[c] === 1;
}

const UNGATED = LINE_DETECTORS.filter((d) => d.ungated);
/** Every ungated detector may accept the text. */
const ALL_UNGATED = (1 << UNGATED.length) - 1;

/**
 * The furniture detector that accepts a whole line, if any. `ungated`: a bit per ungated
 * detector (in order) that may run, when the caller knows the line holds none of what the
 * others need.
 */
export function detectFurnitureLine(text: string, ungated = ALL_UNGATED): Detector | undefined {
  // A converter's block marks (`> `, `# `) are not part of what the line is.
  if (text.charCodeAt(0) === 0x3e || text.charCodeAt(0) === 0x23) {
    const bare = text.replace(MARKDOWN_PREFIX, "");
    if (bare.length > 0 && bare !== text) return detectFurnitureLine(bare, ALL_UNGATED);
  }
  if (text.length > LONGEST_FURNITURE) return SITE_BLURB.test(text) ? BLURB : undefined;
  const gated = startsLikeFurniture(text.codePointAt(0));
  let bit = 1;
  for (const d of LINE_DETECTORS) {
    const may = gated || (d.ungated !== undefined && (ungated & bit) !== 0);
    if (d.ungated) bit <<= 1;
    if (may && d.test(text)) return d;
  }
  return undefined;
}

/** Per line, the bits of the ungated detectors whose `needs` the line matches (one scan of the text each). */
function ungatedCandidates(source: string, lines: LineTable): Uint8Array {
  const bits = new Uint8Array(lines.count);
  UNGATED.forEach((d, k) => {
    for (const i of linesMatching(source, lines, d.ungated!.needs)) bits[i]! |= 1 << k;
  });
  return bits;
}

interface ListMode {
  kind: string;
  reason: string;
  max: number;
}

/** Furniture that only the whole document gives away (`gatherEvidence`): its kind and reason, by line role. */
const FURNITURE_BY_ROLE = new Map<number, { kind: string; reason: string }>([
  [LineRole.pageNumber, { kind: "page-number", reason: "a page number: bare numbers that rise along the document" }],
  [LineRole.runningHead, { kind: "running-head", reason: "a running head at a page break (beside a page number, or inside a sentence the break cut)" }],
  [LineRole.signatureMark, { kind: "signature-mark", reason: "a printers' signature mark at a page break" }],
  [LineRole.markdownImage, { kind: "image", reason: "an image alone on a line: no text, like a URL alone" }],
  [LineRole.pageComment, { kind: "page-comment", reason: "a converter's page comment" }],
  [LineRole.webChrome, { kind: "web-chrome", reason: "the web page's own furniture (buttons, prompts, follow and share chrome)" }],
]);

export function removePageFurniture(doc: Document): Document {
  const { source } = doc;
  const lines = new LineEditor(source, doc.lines);
  const edits = new EditRecorder();
  const role = doc.evidence?.role;
  const ungated = ungatedCandidates(source, doc.lines);
  const glued = new Uint8Array(lines.count);
  for (const i of linesMatching(source, doc.lines, MAY_HOLD_GLUED_ANYWHERE)) glued[i] = 1;
  // After a `热门标签` or `相关文章` heading, the tags or link titles under it are furniture too.
  let listMode: ListMode | undefined;
  const removeLine = (i: number, text: string, kind: string, reason: string) => {
    edits.addLineEdit(source, lines, i, 0, text.length, editLabel("R5", kind, reason));
    lines.remove(i, "R5");
  };
  for (let i = 0; i < lines.count; i++) {
    if (!lines.isLive(i)) continue;
    const byRole = role === undefined || role[i] === 0 ? undefined : FURNITURE_BY_ROLE.get(role[i]!);
    if (byRole !== undefined) {
      removeLine(i, lines.text(i), byRole.kind, byRole.reason);
      continue;
    }
    // Most lines can hold no furniture: they start like none, hold nothing an ungated detector needs, and no list is open.
    if (listMode === undefined && ungated[i] === 0 && glued[i] === 0 && !lines.cuts.has(i)) {
      const c = source.codePointAt(lines.from[i]!)!;
      if (!LIST_HEAD_START(c) && !startsLikeFurniture(c)) continue;
    }
    const text = lines.text(i);
    if (listMode && !RELATED_LIST.test(text) && !TAG_CLOUD.test(text)) {
      if (isLinkTitle(text, listMode.max)) {
        removeLine(i, text, listMode.kind, listMode.reason);
        continue;
      }
      listMode = undefined;
    }
    if (RELATED_LIST.test(text)) {
      listMode = { kind: "related-links", reason: "a link title in the site's trailing related-articles list", max: 50 };
      removeLine(i, text, "related-links", "the heading of a site's related-articles list");
      continue;
    }
    const tagCloud = TAG_CLOUD.exec(text);
    if (tagCloud && (text.length === tagCloud[0].length || isLinkTitle(text, 120)) && !/[。！？]/u.test(text)) {
      if (text.length === tagCloud[0].length) listMode = { kind: "tag-cloud", reason: "a tag of the site's tag cloud", max: 16 };
      removeLine(i, text, "tag-cloud", "a site's tag cloud");
      continue;
    }
    settleLine(source, lines, i, lines.cuts.has(i) ? ALL_UNGATED : ungated[i]!, edits);
  }
  return { ...doc, lines: lines.table(), edits: edits.appendTo(doc.edits) };
}

/** Removes a furniture line, or the furniture glued into it, until what is left is no furniture. */
function settleLine(source: string, lines: LineEditor, i: number, ungated: number, edits: EditRecorder): void {
  for (;;) {
    if (!lines.isLive(i)) return;
    const text = lines.text(i);
    const detector = detectFurnitureLine(text, ungated);
    if (detector) {
      edits.addLineEdit(source, lines, i, 0, text.length, editLabel("R5", detector.kind, detector.reason));
      lines.remove(i, "R5");
      return;
    }
    if (!removeGluedFurniture(source, lines, i, text, edits)) return;
    // The cuts may have brought together what an ungated detector needs.
    ungated = ALL_UNGATED;
  }
}

/** Watermarks and source notes glued into a paragraph: only the span goes. */
const GLUED_WORDS = "公众号|公眾號|微信号|微信號|扫码|掃碼|本文来自|本文來自";
const MAY_HOLD_GLUED = new RegExp(GLUED_WORDS, "u");
const MAY_HOLD_GLUED_ANYWHERE = new RegExp(GLUED_WORDS, "gu");

interface Span {
  from: number;
  to: number;
  kind: string;
  reason: string;
}

const NO_SPANS: readonly Span[] = Object.freeze([]);

/** Watermarks and source notes glued into a text, left to right. */
function gluedSpans(text: string): readonly Span[] {
  if (!MAY_HOLD_GLUED.test(text)) return NO_SPANS;
  const spans: Span[] = [];
  for (const m of text.matchAll(WATERMARK_GLUED)) {
    spans.push({ from: m.index!, to: m.index! + m[0].length, kind: "watermark", reason: "advertising watermark glued into the text" });
  }
  for (const m of text.matchAll(SOURCE_NOTE)) {
    spans.push({ from: m.index!, to: m.index! + m[0].length, kind: "boilerplate", reason: "the source site's reprint notice" });
  }
  return spans.sort((a, b) => a.from - b.from);
}

/** Watermarks and source notes glued into line i: only the span goes. Returns whether anything went. */
function removeGluedFurniture(source: string, lines: LineEditor, i: number, text: string, edits: EditRecorder): boolean {
  const spans = gluedSpans(text);
  if (spans.length === 0) return false;
  const mark = edits.count;
  for (const s of [...spans].reverse()) {
    edits.addLineEdit(source, lines, i, s.from, s.to, editLabel("R5", s.kind, s.reason));
    lines.cut(i, s.from, s.to);
  }
  edits.reverseSince(mark);
  lines.trim(i);
  if (lines.length(i) === 0) lines.remove(i, "R5");
  return true;
}

/**
 * R5 (and R1) after R2: a join can reveal furniture or a jump marker that a line break had
 * cut in two, `(上接第` + `3版)`, or `(公众号：日报` + `)`. A whole paragraph of it goes
 * whole; a span of it inside a paragraph goes alone. Each span is mapped back to the input
 * through the paragraph's first or last line (R2 keeps those); one that touches a line in
 * between cannot be, and stays.
 */
export function removeRevealedFurniture(doc: Document): Document {
  if (!doc.paragraphs) return doc;
  const paragraphs = doc.paragraphs;
  const rewritten = new Map(paragraphs.rewritten);
  const removedBy = paragraphs.removedBy.slice();
  const edits = new EditRecorder();
  for (let j = 0; j < paragraphs.count; j++) {
    if (removedBy[j] !== 0 || paragraphs.first[j] === paragraphs.last[j]) continue;
    const original = paragraphText(doc, paragraphs, j);
    const detector = original.length <= LONGEST_FURNITURE ? detectFurnitureLine(original) : undefined;
    if (detector) {
      const { start, end } = paragraphSpan(doc, paragraphs, j);
      edits.add(editLabel("R5", detector.kind, `${detector.reason}, cut across lines`), start, end, start, end, { text: original });
      removedBy[j] = ruleCode("R5");
      continue;
    }
    const markers = findJumpMarkers(original);
    const glued = gluedSpans(original);
    if (markers.length === 0 && glued.length === 0) continue;
    const spans: (Span & { rule: RuleId })[] = [
      ...markers.map((m) => ({ ...m, rule: "R1" as const, kind: "jump-marker", reason: "a jump marker cut across lines" })),
      ...glued.map((g) => ({ ...g, rule: "R5" as const, reason: `${g.reason}, cut across lines` })),
    ].sort((a, b) => b.from - a.from);
    let rest = original;
    let rule: RuleId | undefined;
    for (const span of spans) {
      const at = paragraphPositions(doc.lines, paragraphs, j, original.length, span.from, span.to);
      if (!at) continue;
      edits.add(editLabel(span.rule, span.kind, span.reason), at[0], at[1]);
      rest = rest.slice(0, span.from) + rest.slice(span.to);
      rule = span.rule;
    }
    if (rest === original) continue;
    rest = trimLayout(rest);
    rewritten.set(j, rest);
    if (rest.length === 0) removedBy[j] = ruleCode(rule!);
  }
  if (edits.count === 0) return doc;
  edits.sortByStart();
  return { ...doc, paragraphs: { ...paragraphs, rewritten, removedBy }, edits: edits.appendTo(doc.edits) };
}

/** Offsets of text[from, to) of a joined paragraph (its text `length` long), or undefined where a middle line would be needed. */
function paragraphPositions(lines: LineTable, paragraphs: ParagraphTable, j: number, length: number, from: number, to: number): [number, number] | undefined {
  const first = paragraphs.first[j]!;
  const last = paragraphs.last[j]!;
  const firstLength = lineLength(lines, first);
  const lastFrom = length - lineLength(lines, last);
  const at = (x: number): number | undefined => (x <= firstLength ? textPosition(lines, first, x) : x >= lastFrom ? textPosition(lines, last, x - lastFrom) : undefined);
  const start = at(from);
  const end = at(to);
  return start === undefined || end === undefined ? undefined : [start, end];
}
