import type { TextRepair } from "../document/repair.js";

/**
 * R0 (markup): HTML a scraper left in the text. Tags of HTML's own vocabulary go (a block
 * tag between two pieces of text on one line becomes a line break, as the page showed it);
 * entities become their characters. Angle brackets around anything else (`<经济学人>`,
 * `<T>`, `a < b`) are text and stay.
 */
const BLOCK = "p|div|br|li|ul|ol|tr|td|th|table|tbody|thead|h[1-6]|hr|section|article|blockquote|header|footer|pre|center|dd|dt|dl";
const INLINE = "span|a|b|i|u|s|em|strong|font|img|sup|sub|small|big|strike|code|label|abbr|cite|mark|ins|del|wbr|nobr|o:p";
/** Attributes as HTML writes them: `name="value"`, `name='value'` or `name=value`, nothing bare. */
const ATTRIBUTES = `(?:\\s+[a-zA-Z_:][-a-zA-Z0-9_:.]{0,40}\\s*=\\s*(?:"[^"<>]{0,300}"|'[^'<>]{0,300}'|[^\\s"'=<>\`]{1,300})){0,20}`;
const TAG = new RegExp(`</?(?:(${BLOCK})|${INLINE})${ATTRIBUTES}\\s*/?>`, "giu");

const NAMED: Record<string, string> = {
  nbsp: "\u00a0", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", ldquo: "\u201c", rdquo: "\u201d", lsquo: "\u2018", rsquo: "\u2019",
  mdash: "\u2014", ndash: "\u2013", hellip: "\u2026", middot: "\u00b7", bull: "\u2022", copy: "\u00a9", reg: "\u00ae", trade: "\u2122",
  yen: "\u00a5", times: "\u00d7", divide: "\u00f7", deg: "\u00b0", ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009", laquo: "\u00ab", raquo: "\u00bb",
};
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/gu;

export function removeHtmlMarkup(text: string): TextRepair[] {
  if (!text.includes("<") && !text.includes("&")) return [];
  const repairs: TextRepair[] = [];
  for (const m of text.matchAll(TAG)) {
    const start = m.index;
    const end = start + m[0].length;
    const block = m[1] !== undefined;
    // A block tag with text on both sides on one line stood for a break on the page.
    const breaks = block && /[^\s]/u.test(lineBefore(text, start)) && /[^\s]/u.test(lineAfter(text, end));
    repairs.push({ start, end, replacement: breaks ? "\n" : "", kind: "html-tag", reason: breaks ? "an HTML block tag between two pieces of text: a line break" : "an HTML tag left by a scraper" });
  }
  for (const m of text.matchAll(ENTITY)) {
    const code = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : undefined;
    const char = code !== undefined ? (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined) : NAMED[m[3]!];
    if (char === undefined) continue;
    repairs.push({ start: m.index, end: m.index + m[0].length, replacement: char, kind: "html-entity", reason: `the HTML entity ${m[0]} is the character it names` });
  }
  // An entity inside a tag's attributes overlaps the tag; repairText keeps the tag.
  return repairs;
}

function lineBefore(text: string, at: number): string {
  const from = Math.max(text.lastIndexOf("\n", at - 1) + 1, at - 200);
  return text.slice(from, at).replace(TAG, "");
}

function lineAfter(text: string, at: number): string {
  const newline = text.indexOf("\n", at);
  return text.slice(at, Math.min(newline < 0 ? text.length : newline, at + 200)).replace(TAG, "");
}
