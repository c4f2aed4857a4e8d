import fc from "fast-check";
import iconv from "iconv-lite";
import { join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clean, decodeInput, explain, removeHtmlMarkup, removePhoneticAnnotations, repairShiftedGbk, repairUtf8Mojibake } from "../src/index.js";
import { cleanSentences, falseRepairs, measureRestoration } from "../bench/damage.mjs";
import { HANZI } from "../src/encoding/hanziFrequency.js";
import { byteRuns } from "../src/rules/repairUtf8Mojibake.js";
import { countingBelow } from "../src/document/repair.js";

const corpus = join(import.meta.dirname, "../../../corpus");
const r0 = (text: string) => clean(text).report.edits.filter((e) => e.rule === "R0");
const out = (text: string) => clean(text).text;

describe("decoding (R0)", () => {
  const bytes = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

  it.each([
    ["你好", "gbk", "gb18030"],
    ["新闻", "gb18030", "gb18030"],
    ["我们在全国范围内开展工作。", "gbk", "gb18030"],
    ["運動會", "big5", "big5"],
    ["台灣的報紙", "big5", "big5"],
    ["中", "big5", "big5"],
    ["上接第三版", "gbk", "gb18030"],
  ])("%s in %s is read as %s, even this short", (text, encoding, expected) => {
    const decoded = decodeInput(bytes(text, encoding));
    expect(decoded.text).toBe(text);
    expect(decoded.encoding.name).toBe(expected);
    expect(decoded.encoding.confidence).toBeGreaterThan(0.5);
  });

  it("UTF-16 with a byte-order mark, either way round", () => {
    expect(decodeInput(new Uint8Array([0xff, 0xfe, ...iconv.encode("新闻 news", "utf16le")]))).toMatchObject({ text: "新闻 news", encoding: { name: "utf-16le", bom: true } });
    expect(decodeInput(new Uint8Array([0xfe, 0xff, ...iconv.encode("新闻 news", "utf16-be")]))).toMatchObject({ text: "新闻 news", encoding: { name: "utf-16be", bom: true } });
  });

  it("UTF-8 with a few broken bytes stays UTF-8", () => {
    const broken = new Uint8Array([...Buffer.from("会议指出，要坚持稳中求进工作总基调。"), 0xe4, 0xbd]);
    const decoded = decodeInput(broken);
    expect(decoded.encoding.name).toBe("utf-8");
    expect(decoded.text.startsWith("会议指出，要坚持稳中求进工作总基调。")).toBe(true);
    expect(decoded.encoding.invalidSequences).toBe(1);
  });

  it("the report names the encoding and the candidates' scores", () => {
    const { report } = clean(bytes("（上接第一版）\n会议指出，要坚持稳中求进工作总基调。\n", "gbk"));
    expect(report.encoding).toMatchObject({ name: "gb18030", confidence: 1 });
    const candidates = Object.keys(report.encoding.candidates ?? {});
    expect(candidates[0]).toBe("gb18030");
    expect(candidates.sort()).toEqual(["big5", "gb18030", "utf-16be", "utf-16le", "utf-8"]);
    expect(report.counts.R1).toBe(1);
  });

  it("never throws on bytes that are no encoding at all", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void decodeInput(b)), { seed: 20261122, numRuns: 500 });
  });
});

describe("phonetic annotations (R0)", () => {
  it.each([
    ["運(yùn)動(dòng)會(huì)在北京舉行。", "運動會在北京舉行。"],
    ["運(yùn)動會(huì)在北京舉行。", "運動會在北京舉行。"],
    ["运(yun4)动(dong4)会", "运动会"],
    ["精神(shen2)的(de0)种子", "精神的种子"],
    ["全（quán）民（mín）健身", "全民健身"],
    ["一粒种(zhǒng)子", "一粒种子"],
    // Annotations inside a GBK run read one byte off: the first character's bytes are lost.
    ["\\(yùn)動(dòng)會(huì)在北京舉行。", "動會在北京舉行。"],
    ["\ufffd(quán)民(mín)健身活动", "民健身活动"],
    ["?yùn)動(dòng)會(huì)在北京", "動會在北京"],
  ])("%s -> %s", (input, expected) => {
    expect(out(input)).toBe(`${expected}\n`);
  });

  it.each(["我们说yes(yes)好吗", "联合国(UN)秘书长", "中国(zhōngguó)很大", "第三(a)项", "He said (yes) twice.", "什么?(a)", "为什么?an)好", "C:\\(a)"])("not: %s", (input) => {
    expect(removePhoneticAnnotations(input)).toEqual([]);
  });
});

describe("UTF-8 read as Windows-1252 (R0)", () => {
  it.each([
    ["新闻ä½ å¥½世界", "新闻你好世界"],
    ["â€œquotedâ€\u009d text", "“quoted” text"],
    ["Ã©tÃ© Ã  Paris", "été à Paris"],
    ["åŒ»ç–—", "医疗"],
  ])("%s -> %s", (input, expected) => {
    expect(out(input)).toBe(`${expected}\n`);
    expect(r0(input).every((e) => e.kind === "utf8-as-cp1252" && e.replacement !== undefined)).toBe(true);
  });

  it.each(["café naïve", "Ærø and Øresund", "£5 · 10°C", "Señor Müller’s café", "© 2026"])("not: %s", (input) => {
    expect(repairUtf8Mojibake(input)).toEqual([]);
  });

  it("looks at the runs a pattern would find: two or more byte characters, spaces inside", () => {
    const CLASS = "\\u0080-\\u00ff\\ufffd\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201a\\u201c-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122";
    const reference = new RegExp(`[${CLASS}][ ${CLASS}]+`, "gu");
    const pieces = fc.constantFrom("ä", "½", " ", "a", "€", "\u201d", "\ufffd", "你", "\u00a0", "Ã", "©", "\u2019", "x y", "😀");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((p) => p.join("")), (text) => {
        expect(byteRuns(text)).toEqual(Array.from(text.matchAll(reference)).flatMap((m) => [m.index, m.index + m[0].length]));
      }),
    );
  });
});

describe("GBK decoded one byte off (R0)", () => {
  it("the contract's example: realigned, the marks of lost bytes removed", () => {
    expect(out("他說：?!标惥┠畋硎?，我们")).toBe("他說：”陳京念表，我们\n");
    const [edit] = r0("他說：?!标惥┠畋硎?，我们");
    expect(edit).toMatchObject({ kind: "gbk-shift", start: 3, end: 11, text: "?!标惥┠畋硎?", replacement: "”陳京念表" });
  });

  it("the contract's short example: what cannot be read back goes, with the tag fragment", () => {
    expect(out("項目?!?/p>")).toBe("項目\n");
    expect(out("記者?/span>報道")).toBe("記者報道\n");
  });

  it("a run up to a tag that lost its '<' takes the fragment with it", () => {
    const original = "记者从市政府获悉，全市重点项目建设进展顺利";
    const damaged = `<p>${iconv.decode(iconv.encode(original, "gbk").subarray(1), "gbk")}/p>`;
    expect(out(damaged)).toBe(`${original.slice(1, -1)}\n`);
  });

  it.each([
    "会议审议并原则通过《太原市突发事件总体应急预案》。",
    "龘靐齉爩鱻麤龗",
    "为什么???",
    "陳京念表示，項目進展順利。",
    "甲骨文中的“鼎”“鬲”“甗”都是炊具。",
    "Is it a/b? <b>yes</b>",
    "为什么?/",
  ])("not: %s", (input) => {
    expect(repairShiftedGbk(input)).toEqual([]);
  });
});

describe("HTML left by a scraper (R0)", () => {
  it.each([
    ["<p>第一段。</p><p>第二段。</p>", "第一段。\n第二段。\n"],
    ["<span class=\"x\">记者</span>报道", "记者报道\n"],
    ["AT&amp;T 与 &lt;经济学人&gt; &#20013;&#x56fd;", "AT&T 与 <经济学人> 中国\n"],
    ["第一行<br/>第二行", "第一行\n第二行\n"],
    ["<a href=https://example.com/x target='_blank'>链接</a>文字<img src=\"a.png\" />", "链接文字\n"],
  ])("%s", (input, expected) => {
    expect(out(input)).toBe(expected);
  });

  it.each(["<经济学人>", "a < b and c > d", "if a <b and c> d", "<T> is a type", "R&D 与 &unknown;", "x <p y"])("not: %s", (input) => {
    expect(removeHtmlMarkup(input)).toEqual([]);
  });
});

describe("--explain", () => {
  it("says what a repair put in place of the damage", () => {
    const { report } = clean("新闻ä½ å¥½<br>世界");
    const text = explain(report, "page.txt");
    expect(text).toContain('R0 utf8-as-cp1252: replaced "ä½ å¥½" with "你好"');
    expect(text).toContain('R0 html-tag: replaced "<br>" with "⏎"');
  });
});

describe("offsets after repairs", () => {
  it("later edits still point into the decoded input", () => {
    const input = "<p>（上接第三版）</p>\n運(yùn)動(dòng)會(huì)在北京\n舉行。";
    const { report, source } = clean(input);
    const marker = report.edits.find((e) => e.rule === "R1")!;
    expect(Array.from(source).slice(marker.start, marker.end).join("")).toBe("（上接第三版）");
    const join = report.edits.find((e) => e.rule === "R2")!;
    expect(Array.from(source).slice(join.start, join.end).join("")).toBe("\n");
    expect(join.start).toBe(input.indexOf("京") + 1);
  });
});

describe("the offset map's position counter", () => {
  it("answers as a plain count of smaller positions, in any order of queries", () => {
    const sorted = fc.array(fc.nat(300), { maxLength: 300 }).map((a) => Int32Array.from(a.sort((x, y) => x - y)));
    // Queries at, just before and just after the positions, where an off-by-one would show.
    const near = fc.array(fc.tuple(fc.nat(), fc.integer({ min: -1, max: 1 })), { maxLength: 200 });
    fc.assert(
      fc.property(sorted, near, fc.boolean(), (positions, picks, ascending) => {
        const queries = picks.map(([n, d]) => (positions.length === 0 ? n % 300 : positions[n % positions.length]! + d));
        if (ascending) queries.sort((x, y) => x - y);
        const count = countingBelow(positions);
        for (const x of queries) expect(count(x)).toBe(positions.filter((p) => p < x).length);
      }),
    );
  });
});

describe("damaged samples: the share restored", () => {
  const sentences = cleanSentences(corpus);

  it("makes enough clean sentences to measure on", () => {
    expect(sentences.length).toBeGreaterThan(300);
  });

  // Floors a little under the measured shares (README and the closing note give the figures).
  it("restores what can be restored, and makes nothing worse", () => {
    const results = measureRestoration(clean, sentences);
    expect(results["phonetic-annotation"]!.restored).toBeGreaterThanOrEqual(0.98);
    expect(results["utf8-as-cp1252"]!.restored).toBeGreaterThanOrEqual(0.99);
    expect(results["utf8-as-cp1252 (lossy)"]!.restored + results["utf8-as-cp1252 (lossy)"]!.partial).toBeGreaterThanOrEqual(0.99);
    expect(results["gbk-shift"]!.restoredOfEligible).toBeGreaterThanOrEqual(0.4);
    for (const [kind, r] of Object.entries(results)) expect(r.wrong, kind).toBe(0);
  });

  // The corpus's inputs hold real R0 damage (HTML, sub/superscript tags); its hand-cleaned gold holds none.
  it("repairs nothing in undamaged text: the clean sentences, simplified and traditional, and the corpus's gold", () => {
    const documents = readdirSync(corpus)
      .filter((f) => f.endsWith(".gold.txt"))
      .map((f) => readFileSync(join(corpus, f), "utf8"));
    expect(falseRepairs(clean, [...sentences, ...documents])).toEqual([]);
  });

  it("clean CJK text passes through R0 unchanged (property)", () => {
    // The 1,000 most frequent characters of the model (simplified and traditional forms).
    const common = fc.string({ unit: fc.constantFrom(...Array.from(HANZI.slice(0, 1000))), minLength: 1, maxLength: 60 });
    const punctuation = fc.constantFrom("，", "。", "、", "；", "：", "“", "”", "（", "）", "《", "》", "！", "？", "　", "\n");
    const text = fc.array(fc.oneof(common, punctuation), { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(clean(t).report.edits.filter((e) => e.rule === "R0")).toEqual([]);
      }),
      { seed: 20261122, numRuns: 500 },
    );
  });
});
