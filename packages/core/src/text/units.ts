/**
 * Structural cues of a line of newspaper text: does it end a sentence, does it start a new
 * unit (enumerated item, dateline, heading), does it read like a title. R2 decides joins
 * from these; R3 uses them to spare short titles and list items.
 */
import { charSet, cjkShare, codePointCount } from "./chars.js";

/** Closing quotes and brackets that may follow a sentence end: `。”` `.)` `?"`. */
const CLOSERS = "”’\"'」』）)］]】〕》>›»";
const CJK_SENTENCE_END = "。！？；…!?;．";
const LATIN_SENTENCE_END = ".!?";

/** Abbreviations that end in a period without ending the sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|Mt|Gen|Col|Capt|Lt|Sgt|Gov|Sen|Rep|Rev|Prof|Hon|Jr|Sr|Co|Corp|Inc|Ltd|No|Nos|Vol|pp|vs|etc|e\.g|i\.e|[A-Z]|[ap]\.\s?m)\.$/u;

/** A short bracketed byline or note at the end, `。(赵继利)`, closes a paragraph like its sentence end. */
const TRAILING_BYLINE = /[。！？!?.…]\s*[(（][^()（）]{1,12}[)）]$/u;

const IS_CLOSER = charSet(CLOSERS);
const IS_CJK_SENTENCE_END = charSet(CJK_SENTENCE_END);
const IS_LATIN_SENTENCE_END = charSet(LATIN_SENTENCE_END);

/** OCR noise after a sentence end, `Monday. '` `the new bank. -`: a speck read as a mark. */
const TRAILING_SPECK = /[.!?。！？]["”’']?\s+[-–'‘’"]{1,2}$/u;

export function endsSentence(text: string): boolean {
  let end = text.length;
  while (end > 0 && IS_CLOSER(text.charCodeAt(end - 1))) end--;
  if (end === 0) return false;
  const last = text.charCodeAt(end - 1);
  const closedByQuote = end < text.length;
  // An ASCII `;` ends a sentence in CJK text, as `；` does; in Latin text it does not.
  if (last === 0x3b) return end >= 2 && !isLatinOrSpaceUnit(text.charCodeAt(end - 2));
  if (IS_CJK_SENTENCE_END(last)) return true;
  if (IS_LATIN_SENTENCE_END(last)) {
    if (last === 0x2e && !closedByQuote && ABBREVIATION.test(text.slice(Math.max(0, end - 8), end))) return false;
    return true;
  }
  const final = text.charCodeAt(text.length - 1);
  if ((final === 0x2d || final === 0x27 || final === 0x2019 || final === 0x2013) && TRAILING_SPECK.test(text.slice(-6))) return true;
  return (final === 0x29 || final === 0xff09) && TRAILING_BYLINE.test(text.slice(-20));
}

/** A Latin letter, an ASCII digit or a space: what stands before a `;` in Latin text. */
function isLatinOrSpaceUnit(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x20 || (c >= 0xc0 && c <= 0x24f) || c === 0x29 || c === 0x5d;
}

const CN_DIGITS = "一二三四五六七八九十百千〇零两";
const ENUMERATED = new RegExp(
  [
    `^[(（]\\s*[${CN_DIGITS}\\d０-９]{1,4}\\s*[)）]`, // (三) （1）
    `^[${CN_DIGITS}]{1,4}\\s*[、.．]`, // 一、
    "^[0-9０-９]{1,3}\\s*[、．]", // 2、
    "^[0-9０-９]{1,3}\\.(?![0-9０-９])", // 1. but not 8.4万
    "^[0-9]{1,3}[)）](?![0-9])", // 1)
    "^[①-⑳⑴-⒇⒈-⒛㈠-㈩]", // circled numbers
    `^第[${CN_DIGITS}\\d]{1,4}[章节節条條款部篇回]`, // 第三章
    `^其[${CN_DIGITS}]{1,2}\\s*[,，、:：]`, // 其一，
    `^[${CN_DIGITS}]{1,3}(?:是|要|抓|看|在)(?![${CN_DIGITS}])`, // 一是… 二要…
    "^[•●○■□◆◇▲△▶►★☆]\\s*", // bullets
    "^[-*·]\\s+\\S", // - item
    "^\\(?[a-z]\\)\\s", // (a) item
  ].join("|"),
  "u",
);

/** What an item can start with: most lines start otherwise and skip the patterns. */
const ITEM_START = charSet(`(（${CN_DIGITS}第其•●○■□◆◇▲△▶►★☆-*·`, ["0", "9"], ["０", "９"], ["a", "z"], ["①", "⑳"], ["⑴", "⒇"], ["⒈", "⒛"], ["㈠", "㈩"]);

/** Enumerated items and list bullets: `一、` `(三)` `1.` `2、` `一是`; never a number such as `8.4万`. */
export function startsEnumeratedItem(text: string): boolean {
  return ITEM_START(text.charCodeAt(0)) && ENUMERATED.test(text);
}

/** Length of the enumerator an item starts with (`二、` → 2), 0 when it starts none. */
export function enumeratorLength(text: string): number {
  if (!ITEM_START(text.charCodeAt(0))) return 0;
  return ENUMERATED.exec(text)?.[0].length ?? 0;
}

const DATELINE = new RegExp(
  [
    "^本报讯",
    "^本(?:报|報|刊|台)[^，,。]{0,16}?(?:讯|訊|电|電)",
    "^(?:新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網)[^，,。]{0,16}?(?:电|電|讯|訊)",
    "^[【\\[](?:本报讯|[^】\\]]{1,12}(?:讯|訊|消息))[】\\]]",
    "^据[^，,。]{1,12}(?:报道|消息)",
    "^[A-Z][A-Z.' -]{2,30},(?:\\s+[A-Z][a-z]{2,9}\\.?(?:\\s+\\d{1,2})?)?\\s*[-—–]{1,2}\\s*\\S", // LONDON, March 8 — …
    "^\\((?:AP|UPI|Reuters|AFP|Special)\\)",
    // WASHINGTON, April 20. … / St. Louis, Aug. 30.: …
    "^[A-Z][A-Za-z.' ]{2,30},\\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\\.?\\s+\\d{1,2}\\s*[.:,—–-]",
  ].join("|"),
  "u",
);

const DATELINE_START = charSet("本新中人央【[据(", ["A", "Z"]);

export function startsDateline(text: string): boolean {
  return DATELINE_START(text.charCodeAt(0)) && DATELINE.test(text);
}

/** A line in capitals, `COUNCIL VOTES NEW WATER WORKS`: a Latin heading. */
export function isCapitalsHeading(text: string): boolean {
  if (!HAS_TWO_CAPITALS.test(text)) return false;
  const letters = text.replace(/[^A-Za-z]/gu, "");
  if (!HAS_LOWERCASE.test(text)) return letters.length >= 4;
  // OCR misreads a capital now and then (`pREEK CABINET RESIGNS?`): one slip in ten letters.
  const lower = letters.length - letters.replace(/[a-z]/gu, "").length;
  return letters.length >= 10 && lower * 10 <= letters.length && !/[a-z]{2}/u.test(text);
}

const HAS_LOWERCASE = /[a-z]/u;
const HAS_TWO_CAPITALS = /[A-Z]{2}/u;

const SMALL_WORDS = new Set(["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "by", "with", "from", "as", "is", "its", "into", "over", "after"]);

/** `Plan to Double Reservoir Capacity`: most words capitalised, no sentence end: a deck or heading. */
export function isTitleCase(text: string): boolean {
  const first = text.charCodeAt(0);
  if (!(first >= 0x41 && first <= 0x5a) && first !== 0x22 && first !== 0x27 && first !== 0x201c) return false;
  let capitalised = 0;
  let lower = 0;
  let words = 0;
  for (let i = 0; i < text.length; ) {
    while (i < text.length && text.charCodeAt(i) === 0x20) i++;
    const start = i;
    while (i < text.length && text.charCodeAt(i) !== 0x20) i++;
    if (i === start) break;
    if (++words > 24) return false;
    const c = text.charCodeAt(start);
    if (c >= 0x41 && c <= 0x5a) capitalised++;
    else if (c >= 0x61 && c <= 0x7a && !(i - start <= 5 && SMALL_WORDS.has(text.slice(start, i)))) {
      // A title has at most 16 counted words, three capitalised to each lower-case one.
      if (++lower > 4) return false;
    }
  }
  const counted = capitalised + lower;
  return words >= 2 && counted >= 2 && counted <= 16 && capitalised * 4 >= counted * 3;
}

/** A text is CJK when most of its letters are CJK characters. */
export function isCjkText(text: string): boolean {
  // The head of a line tells its script; scanning all of a long paragraph adds nothing.
  return cjkShare(text, Math.min(text.length, 32)) >= 0.5;
}

/** Clause punctuation that a title does not contain. */
const CLAUSE_PUNCT = /[,，;；。]/u;

/**
 * Reads like a title or heading: short, unpunctuated, no sentence end. A title is a
 * complete unit: R2 never glues it to the paragraph after it without positive evidence.
 */
export function isTitleLike(text: string, cjk = isCjkText(text)): boolean {
  if (text.length === 0 || endsSentence(text) || endsWithOpenPunct(text)) return false;
  if (cjk) {
    return text.length <= 48 && codePointCount(text) <= 40 && !CLAUSE_PUNCT.test(text);
  }
  return isCapitalsHeading(text) || (isTitleCase(text) && !/[,;]$/u.test(text));
}

/** Punctuation that leaves a clause open at the end of a line: `,` `、` `:` `(` `“` `-`. */
const OPEN_END = ",，、:：(（“‘「『《〈[［【-—–";

const IS_OPEN_END = charSet(OPEN_END);

export function endsWithOpenPunct(text: string): boolean {
  return text.length > 0 && IS_OPEN_END(text.charCodeAt(text.length - 1));
}

/** CJK function characters that can end a clause in running text but not a headline. */
const NON_FINAL_CJK = "的了着和与及或并在把被从向对给将为而且但以于由之其该这那每各";

const IS_NON_FINAL_CJK = charSet(NON_FINAL_CJK);

export function endsWithNonFinalCjk(text: string): boolean {
  return text.length > 0 && IS_NON_FINAL_CJK(text.charCodeAt(text.length - 1));
}

/** Punctuation that ends a clause; with `’》〉`, what cannot open a paragraph. */
const CLAUSE_END = ",，、。；;：:！？!?）)」』”";
/** A first clause of a single CJK character, `球,我国用…`: the rest of a word cut by a break. */
const ONE_CHAR_CLAUSE = new RegExp(`^[\\p{Script=Han}][${CLAUSE_END}]`, "u");

const IS_CLOSING_START = charSet(`${CLAUSE_END}’》〉`);
const IS_CLAUSE_END = charSet(CLAUSE_END);

export function startsMidClause(text: string): boolean {
  const c = text.charCodeAt(0);
  if (IS_CLOSING_START(c)) return true;
  // The pattern runs only where a clause may end after one character (two for an astral one).
  return (IS_CLAUSE_END(text.charCodeAt(1)) || (c >= 0xd800 && c <= 0xdbff)) && ONE_CHAR_CLAUSE.test(text);
}

/** Latin function words that cannot end a sentence or a title line. */
const NON_FINAL_LATIN = /(?:^|[^A-Za-z])(?:the|a|an|of|to|in|on|at|for|and|or|but|by|with|from|as|that|which|who|whose|was|were|is|are|be|been|has|had|have|will|would|their|his|her|its|our|this|these|than|into|upon|said|because|if|when|while|although|though|unless|until|whether|nor|not)$/u;

export function endsWithNonFinalLatin(text: string): boolean {
  return NON_FINAL_LATIN.test(text.length > 12 ? text.slice(-12) : text);
}

/**
 * Brackets and quotes a text closes without having opened them: `网——系统)注册。` closes a
 * `(` that stood somewhere else. Such a text cannot continue a part that opened none.
 * Pairs: () （） “” 「」 『』 《》 【】, one bit each, in that order.
 */
const OPENERS = "(（“「『《【";
const CLOSERS_OF_PAIRS = ")）”」』》】";
const ANY_CLOSER = /[)）”」』》】]/u;
/** Per UTF-16 unit: 1 + the pair's index for an opener, -(1 + index) for a closer, 0 for the rest. */
const BRACKET = new Int8Array(0x10000);
for (let k = 0; k < OPENERS.length; k++) {
  BRACKET[OPENERS.charCodeAt(k)] = k + 1;
  BRACKET[CLOSERS_OF_PAIRS.charCodeAt(k)] = -(k + 1);
}

/** The pairs (as bits) whose closer `text` holds without an opener before it. */
export function unmatchedClosers(text: string): number {
  if (!ANY_CLOSER.test(text)) return 0;
  const depth = [0, 0, 0, 0, 0, 0, 0];
  let unmatched = 0;
  for (let i = 0; i < text.length; i++) {
    const b = BRACKET[text.charCodeAt(i)]!;
    if (b > 0) depth[b - 1]!++;
    else if (b < 0) {
      if (depth[-b - 1]! > 0) depth[-b - 1]!--;
      else unmatched |= 1 << (-b - 1);
    }
  }
  return unmatched;
}

/** The pairs (as bits) whose opener `text` leaves unclosed. */
export function unclosedOpeners(text: string): number {
  const depth = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    const b = BRACKET[text.charCodeAt(i)]!;
    if (b > 0) depth[b - 1]!++;
    else if (b < 0 && depth[-b - 1]! > 0) depth[-b - 1]!--;
  }
  let unclosed = 0;
  for (let k = 0; k < depth.length; k++) if (depth[k]! > 0) unclosed |= 1 << k;
  return unclosed;
}

/** Labels of journal and web articles that head a unit of their own: `摘要：` `作者简介：` `Keywords:`. */
const LABEL_START = /^(?:#{1,6}\s*)?(?:摘\s*要|关键词|關鍵詞|关键字|參考文獻|参考文献|作者简介|作者簡介|基金项目|基金項目|收稿日期|中图分类号|中圖分類號|文献标识码|文章编号|DOI|Abstract|Keywords?|Key\s+words|References|Foreword|Fund(?:ing)?|Received)\s*[：:]/iu;

/** What a label can start with: most lines start otherwise and skip the pattern. */
const LABEL_FIRST = charSet("#摘关關參参作基收中文DdAaKkRrFf");

/** The text starts with a label (`摘要：…`, `Keywords: …`): it opens a unit of its own. */
export function startsLabel(text: string): boolean {
  return LABEL_FIRST(text.charCodeAt(0)) && LABEL_START.test(text);
}
