import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinBrokenParagraphs } from "../src/rules/joinBrokenParagraphs.js";
import { removeDuplicatedBlocks } from "../src/rules/removeDuplicatedBlocks.js";
import { compareKeys, removeRepeatedParagraphs } from "../src/rules/removeRepeatedParagraphs.js";
import { comparisonKey } from "../src/text/fold.js";
import { looseText, sameLooseText } from "../src/rules/duplicates.js";
import { paragraphsAfter, runPasses } from "./helpers.js";

const dedup = (text: string) => paragraphsAfter(text, joinBrokenParagraphs, removeRepeatedParagraphs, removeDuplicatedBlocks);

describe("R3 removeRepeatedParagraphs", () => {
  it("removes an exact repeat, keeping the first, and says where the twin is", () => {
    const para = "这是一场考验。它考验着每一个人面临困难时是否勇敢,是否沉着。";
    const doc = runPasses(`${para}\n中间的一段文字,说的是别的事情。\n${para}`, removeRepeatedParagraphs);
    expect(doc.edits).toEqual([
      expect.objectContaining({ rule: "R3", kind: "exact-duplicate", line: 3, keptAt: expect.objectContaining({ line: 1, paragraph: 0 }) }),
    ]);
  });

  it("removes near-duplicates: a changed list prefix", () => {
    const text = "六要稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期。\n名词解释\n2.六稳:稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期。";
    expect(dedup(text)).toEqual(["六要稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期。", "名词解释"]);
  });

  it("removes near-duplicates: OCR noise and punctuation width", () => {
    const first = "Mr. Harlan, speaking for the minority, said the cost had not been fully reckoned and that the bonds would fall due.";
    const noisy = "Mr. Har1an, speaking for the minority , said the cost had not been fuIly reckoned and that the bonds would fall due .";
    expect(dedup(`${first}\nThe vote was seven to two.\n${noisy}`)).toEqual([first, "The vote was seven to two."]);
    expect(dedup("会议指出,要坚持稳中求进工作总基调。\n其他内容在这里出现了。\n会议指出，要坚持稳中求进工作总基调．")).toHaveLength(2);
  });

  it("removes a later copy cut short", () => {
    const full = "十一要五严五防:严把入口关防输入,严把医治关防感染,严把扩散关防蔓延,严把聚集关防失控,严把宣传关防恐慌。";
    const cut = "7.五严五防:严把入口关防输入,严把医治关防感染,严把扩散关防蔓延,严把聚集关防失控,严把宣传关防";
    const doc = runPasses(`${full}\n另一段话。\n${cut}`, removeRepeatedParagraphs);
    expect(doc.edits).toEqual([expect.objectContaining({ kind: "fragment", line: 3 })]);
  });

  it("never removes a continuation as a fragment: text that starts inside an earlier paragraph and goes on past its end", () => {
    const first = "会议强调要坚持以推动高质量发展为主题全面落实各项决策部署确保十四五开局良好各项工作扎实推进全市上下要凝心聚力攻坚克难奋力开创高质量发展新局面各级领导干部要以身作则率先垂范切实担负起推动发展的政治责任。";
    // Starts with the earlier paragraph's later clauses (with an OCR slip), then goes on with its own text.
    const goesOn = `${first.slice(20, -1).replace("良好", "良妤")}会后传达。`;
    expect(compareKeys(comparisonKey(goesOn), comparisonKey(first))).toBeUndefined();
    const doc = runPasses(`${first}\n另一段话在这里。\n${goesOn}`, removeRepeatedParagraphs);
    expect(doc.edits.filter((e) => e.rule === "R3")).toEqual([]);
    // Cut short on both sides, it is a fragment.
    expect(compareKeys(comparisonKey(first.slice(20, -20).replace("良好", "良妤")), comparisonKey(first))?.kind).toBe("fragment");
  });

  it("never removes a headline whose words the lead repeats", () => {
    const text = "云冈机场“安智星”APP正式上线运行\n本报讯(记者 贾晓龙)日前,云冈机场“安智星”APP正式上线运行,该APP的运行极大提高了机场安全运行保障能力。";
    expect(dedup(text)).toHaveLength(2);
  });

  it("never removes different short list items that share a template", () => {
    const text = ["一是中心城区建设河东驿站10座", "二是中心城区建设过街人行天桥3座", "三是中心城区建设不少于5个高品质河东书房", "第五批项目已于3月开工建设完成", "第六批项目已于4月开工建设完成"].join("\n");
    expect(dedup(text)).toHaveLength(5);
  });

  it("keeps legitimately repeated short lines such as `一、` and section titles", () => {
    const text = ["一、", "会议审议通过了总体应急预案,要求各级各部门抓好落实。", "一、", "会议还研究了其他事项,部署了下一步工作。", "工作要求", "各单位要提高认识,加强领导。", "工作要求", "各部门要狠抓落实,确保实效。"].join("\n");
    expect(dedup(text)).toHaveLength(8);
  });
});

describe("R4 removeDuplicatedBlocks", () => {
  it("removes a repeated run with its headline at the later place", () => {
    const block = ["全市组织部长会议召开", "本报讯 3月3日,全市组织部长会议以电视电话会议形式召开。会议深入学习贯彻中央精神。", "会议强调,要坚持以新时代党的组织路线为指导,认真贯彻落实各项部署。"];
    const text = [...block, "太原明年交答卷 创建安全示范城", "本报讯 3月3日消息,应急管理体系和本质安全能力建设规划提出了目标。", ...block].join("\n");
    const doc = runPasses(text, joinBrokenParagraphs, removeRepeatedParagraphs, removeDuplicatedBlocks);
    expect(dedup(text)).toEqual([...block, "太原明年交答卷 创建安全示范城", "本报讯 3月3日消息,应急管理体系和本质安全能力建设规划提出了目标。"]);
    expect(doc.edits.filter((e) => e.rule === "R4")).toEqual([expect.objectContaining({ kind: "duplicate-block", line: 6, text: block[0] })]);
  });

  it("removes a run that reappears split differently", () => {
    const a = "会议强调,各级党委、政府要坚决扛起疫情防控政治责任,主要负责同志要自觉履行第一责任人责任,";
    const b = "分管负责同志要履行直接责任,确保各项防控措施落到实处。";
    const text = `${a}\n${b}\n中间的一段说明文字,与前后无关。\n\n${a}${b}`;
    const doc = runPasses(text, removeRepeatedParagraphs, removeDuplicatedBlocks);
    expect(doc.edits.filter((e) => e.rule === "R4")).toEqual([expect.objectContaining({ kind: "duplicate-block", line: 5 })]);
  });

  it("leaves a block that merely shares one paragraph to R3", () => {
    const shared = "这是一场考验。它考验着每一个人面临困难时是否勇敢,是否沉着。";
    const text = `标题甲\n${shared}\n甲的后文,说的是第一件事情的经过。\n标题乙\n${shared}\n乙的后文讲述另外一桩完全不同的新闻。`;
    const doc = runPasses(text, removeRepeatedParagraphs, removeDuplicatedBlocks);
    expect(doc.edits.map((e) => e.rule)).toEqual(["R3"]);
  });
});

describe("sameLooseText", () => {
  it("agrees with comparing the whitespace-free texts, without making them", () => {
    const piece = fc.constantFrom("甲", "乙", " ", "\u3000", "\t", "\u2028", "a", "A", "𠀀", "\ud800", "");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 12 }), (x, y) => {
        const [a, b] = [x.join(""), y.join("")];
        expect(sameLooseText(a, b)).toBe(looseText(a) === looseText(b));
        expect(sameLooseText(a, a.replace(/ /gu, "\u3000 "))).toBe(true);
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});
