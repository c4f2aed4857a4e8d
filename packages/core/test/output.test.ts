import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lineBreakEnds, paragraphsOf, paragraphText } from "../src/document/lines.js";
import type { Document } from "../src/document/model.js";
import { stringOfUnits, writeParagraphs } from "../src/document/output.js";
import { PASSES } from "../src/clean.js";
import { joinBrokenParagraphs } from "../src/rules/joinBrokenParagraphs.js";
import { removeJumpMarkers } from "../src/rules/removeJumpMarkers.js";
import { removeRevealedFurniture } from "../src/rules/removePageFurniture.js";
import { documentAfter } from "./helpers.js";

const allPasses = PASSES.map((p) => p.run);

/** The kept paragraphs' texts, each made on its own. */
function keptTexts(doc: Document): { kept: number[]; texts: string[] } {
  const paragraphs = paragraphsOf(doc);
  const kept: number[] = [];
  for (let j = 0; j < paragraphs.count; j++) if (paragraphs.removedBy[j] === 0) kept.push(j);
  return { kept, texts: kept.map((j) => paragraphText(doc, paragraphs, j)) };
}

describe("paragraph texts, made from the lines", () => {
  it("spell out R2's joins: nothing between CJK, a space between words, a dropped hyphen, an indent cut at the junction", () => {
    const cjk = documentAfter("\u3000\u3000会议指出，要坚持稳中\n\u3000\u3000求进工作总基调。\n", joinBrokenParagraphs);
    expect(keptTexts(cjk).texts).toEqual(["\u3000\u3000会议指出，要坚持稳中求进工作总基调。"]);
    const latin = documentAfter("The council voted to in-\ncrease the budget and to hire\nmore staff.\n", joinBrokenParagraphs);
    expect(keptTexts(latin).texts).toEqual(["The council voted to increase the budget and to hire more staff."]);
  });

  it("leave out a line a jump marker took, and give a paragraph R5 rewrote after the join as rewritten", () => {
    const doc = documentAfter("市政府昨日召开会议，(公众号：日\n报)部署全年工作。\n(下转第2版)\n", removeJumpMarkers, joinBrokenParagraphs, removeRevealedFurniture);
    expect(doc.paragraphs!.rewritten.size).toBe(1);
    expect(keptTexts(doc).texts).toEqual(["市政府昨日召开会议，部署全年工作。"]);
  });
});

describe("the output, written from the lines", () => {
  it("is the kept paragraphs one a line, and says where each starts", () => {
    const doc = documentAfter("甲乙丙丁戊己庚辛壬癸。\n\nFirst line of a\nparagraph.\n", ...allPasses);
    const { kept, texts } = keptTexts(doc);
    const output = writeParagraphs(doc, paragraphsOf(doc), kept);
    expect(output.text).toBe("甲乙丙丁戊己庚辛壬癸。\nFirst line of a paragraph.\n");
    expect(Array.from(output.starts)).toEqual([0, texts[0]!.length + 1, output.text.length]);
  });

  it("is empty when nothing is kept", () => {
    const doc = documentAfter("\n\n", ...allPasses);
    expect(writeParagraphs(doc, paragraphsOf(doc), []).text).toBe("");
  });

  it("equals the paragraph texts joined, on any text (one byte a character or two)", () => {
    const line = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("会议指出，要坚持稳中", "求进工作总基调。", "(上接第三版)", "in-", "crease the", "- 2 -", "\u3000\u3000第二段", "café au lait", "责任编辑：王敏"));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        const doc = documentAfter(lines.join("\n"), ...allPasses);
        const { kept, texts } = keptTexts(doc);
        const output = writeParagraphs(doc, paragraphsOf(doc), kept);
        expect(output.text).toBe(texts.map((t) => `${t}\n`).join(""));
        for (let k = 0; k < kept.length; k++) expect(output.text.slice(output.starts[k], output.starts[k + 1]! - 1)).toBe(texts[k]);
        // Its paragraphs' starts are its line ends: no paragraph holds a line break.
        expect(Array.from(output.starts.subarray(1))).toEqual(Array.from(lineBreakEnds(output.text)));
      }),
    );
  });
});

describe("strings of code units", () => {
  afterEach(() => vi.unstubAllGlobals());
  const wide = "会议 café 𠀀 ok";
  const narrow = "café au lait, naïve\u00ff";
  const bytesOf = (text: string) => Uint8Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  const units16 = (text: string) => Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

  it("are made natively in Node, from UTF-16 units or from bytes", () => {
    expect(stringOfUnits(units16(wide), wide.length)).toBe(wide);
    expect(stringOfUnits(bytesOf(narrow), narrow.length)).toBe(narrow);
    expect(stringOfUnits(units16(wide), 2)).toBe("会议");
  });

  it("are made in chunks where there is no Buffer, with the same result", () => {
    vi.stubGlobal("Buffer", undefined);
    const long = wide.repeat(3000);
    expect(stringOfUnits(units16(long), long.length)).toBe(long);
    expect(stringOfUnits(bytesOf(narrow), narrow.length)).toBe(narrow);
  });
});
