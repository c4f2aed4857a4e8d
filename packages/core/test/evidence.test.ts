import { describe, expect, it } from "vitest";
import { entryShape, evidenceOf, gatherEvidence } from "../src/document/evidence.js";
import { segmentLines } from "../src/document/lines.js";
import { LineRole } from "../src/document/model.js";
import { decideJoin, type BreakEvidence } from "../src/rules/joinBrokenParagraphs.js";
import { profileLayout } from "../src/document/profile.js";
import { joinBrokenParagraphs } from "../src/rules/joinBrokenParagraphs.js";
import { removeJumpMarkers } from "../src/rules/removeJumpMarkers.js";
import { removePageFurniture } from "../src/rules/removePageFurniture.js";
import { clean } from "../src/index.js";
import { paragraphsAfter } from "./helpers.js";

const evidence = (text: string) => {
  const doc = segmentLines(text);
  const e = evidenceOf(doc.source, doc.lines);
  return { ...e, roleOf: (line: string) => e.role[text.split("\n").indexOf(line)] };
};
const cleaned = (text: string) => paragraphsAfter(text, removeJumpMarkers, gatherEvidence, removePageFurniture, joinBrokenParagraphs);
const ppl = (first: number, second: number): BreakEvidence => ({ form: "paragraph-per-line", firstRole: first, secondRole: second });
const gap = { blankLines: 0, marker: false, indented: false };
const layout = profileLayout("", segmentLines("").lines);

const wrapped = [
  "members of the board argued through the winter that the",
  "present reservoir could not serve a city of forty thousand",
  "much longer, and the vote was seven to two in the end.",
  "The engineer said that the work would take two summers",
  "and that the cost would be met from the water rates alone",
  "without a new bond issue being put before the voters.",
  "Work on the dam will begin as soon as the frost is out of",
  "the ground, and the contract will be let within a month.",
].join("\n");

describe("the input form, decided from the whole document", () => {
  it("reads lines stopping at one column, mostly mid-sentence, as hard-wrapped", () => {
    expect(evidence(wrapped).form).toBe("hard-wrapped");
  });

  it("reads lines of wildly different widths that end their sentences as paragraph per line", () => {
    const text = [
      "# 参考文献：",
      "[1] 张爱兵,黄普明,张辉.本振相位噪声引起QPSK信号信噪比降低的分析[J].电讯技术,2006,46(3):1-5.",
      "[2] 王明.移动通信[M].北京:电子工业出版社,2009.",
      "作者简介：",
      "李哲中：中国科学院计算技术研究所 网络重点实验室 硕士生",
      "张铁贏：中国科学院计算技术研究所 网络重点实验室 博士生",
      "这是一段很长的正文，它讲述了整个系统的设计思路和实现方法，并且给出了详细的测试结果。",
      "[3] 李广凯, 李庚银. 电力系统仿真软件综述[J]. 电气电子教学学报, 2005, 27(3):61-65.",
    ].join("\n");
    expect(evidence(text).form).toBe("paragraph-per-line");
  });

  it("reads one very long line as a page per line, and a few lines as undetermined", () => {
    expect(evidence("申報".repeat(400)).form).toBe("page-per-line");
    expect(evidence("one\ntwo\nthree").form).toBe("undetermined");
  });
});

describe("line roles", () => {
  it("finds list entries only as runs of one shape, never from one line: `8.4万` is no item", () => {
    expect(entryShape("[12] Hermann W Dommel. EMTP theory book")).toBe("ref");
    expect(entryShape("［4］ Jiang Y YangS ZhangG")).toBe("ref");
    expect(entryShape("李哲中：中国科学院计算技术研究所")).toBe("name");
    expect(entryShape("8.4万青年志愿者共同的誓言。")).toBe("");
    const e = evidence("[1] 甲文献\n[2] 乙文献\n8.4万青年志愿者共同的誓言。\n[9] 孤立的一条");
    expect(e.roleOf("[1] 甲文献")).toBe(LineRole.listEntry);
    expect(e.roleOf("[2] 乙文献")).toBe(LineRole.listEntry);
    expect(e.roleOf("8.4万青年志愿者共同的誓言。")).not.toBe(LineRole.listEntry);
  });

  it("marks labels alone on a line, Markdown headings, images and page comments", () => {
    const e = evidence("摘要：\n# 参考文献\n![](images/a.jpg)\n<!-- 第 10 页 -->\n正文。");
    expect(e.roleOf("摘要：")).toBe(LineRole.label);
    expect(e.roleOf("# 参考文献")).toBe(LineRole.markdownHeading);
    expect(e.roleOf("![](images/a.jpg)")).toBe(LineRole.markdownImage);
    expect(e.roleOf("<!-- 第 10 页 -->")).toBe(LineRole.pageComment);
    expect(e.roleOf("正文。")).toBe(LineRole.body);
  });

  it("finds page numbers because they rise along the document, and running heads beside them", () => {
    const text = "the patient was seized with\n\n12\n\nTREATMENT OF IRRITATION.\n\nsevere pain in the night.\n\nHe recovered.\n\n13\n\nTREATMENT OF IRRITATION.\n\nThe next case was different.";
    const e = evidence(text);
    expect(e.roleOf("12")).toBe(LineRole.pageNumber);
    expect(e.roleOf("13")).toBe(LineRole.pageNumber);
    expect(e.role[text.split("\n").indexOf("TREATMENT OF IRRITATION.")]).toBe(LineRole.runningHead);
    // A lone number with no sequence is left as text.
    expect(evidence("Chapter text goes here and on.\n\n12\n\nMore text follows here.").roleOf("12")).toBe(LineRole.body);
  });

  it("takes a short head standing inside a sentence cut by a page break as furniture, and joins across it", () => {
    const text = "As this disease had extended to several countries of Europe about the time of his\n\nB\n\nINTRODUCTORY.\n\nintercourse. It was then new.";
    expect(cleaned(text)).toEqual(["As this disease had extended to several countries of Europe about the time of his intercourse. It was then new."]);
    // A heading between two complete paragraphs stays.
    expect(cleaned("The first part ends here.\n\nCHAPTER II.\n\nThe second part starts here.")).toEqual(["The first part ends here.", "CHAPTER II.", "The second part starts here."]);
  });

  it("removes WeChat chrome: its phrases anywhere, and the buttons in the trailing stretch of it", () => {
    const text = "# 标题\n安世加\n在小说阅读器读本章\n正文第一段，讲了一件事。\n预览时标签不可点\n微信扫一扫\n关注该公众号\n赞\n在看\n分享";
    expect(clean(text).text).toBe("# 标题\n安世加\n正文第一段，讲了一件事。\n");
  });
});

describe("R2 with the document's evidence", () => {
  it("keeps lines of a paragraph-per-line document apart unless a cut shows", () => {
    const bio = ppl(LineRole.body, LineRole.body);
    expect(decideJoin("作者简介：", "张国清：中国科学院计算技术研究所", gap, layout, false, undefined, undefined, undefined, ppl(LineRole.label, LineRole.body)).join).toBe(false);
    expect(decideJoin("曹玉胜 1976-，男，博士生，主要从事电力系统自动控制的研究", "陈允平 1945一，男，教授", gap, layout, false, undefined, undefined, undefined, ppl(LineRole.listEntry, LineRole.listEntry)).join).toBe(false);
    // A bilingual pair is two units.
    expect(decideJoin("[7] 李广凯, 李庚银. 电力系统仿真软件综述[J]. 电气电子教学学报, 2005, 27(3):61-65", "LI Guang-kai, LI Geng-yin. The summary of power system simulation software[J].", gap, layout, false, undefined, undefined, undefined, bio).join).toBe(false);
    // A visible cut joins: a sentence cut mid-clause, a word cut by a hyphen.
    expect(decideJoin("做一粒雷锋精神的种子,是我市", "8.4万青年志愿者共同的誓言。", gap, layout, false, undefined, undefined, undefined, bio).join).toBe(true);
    expect(decideJoin("the results of the applica-", "tion were good.", gap, layout, false, undefined, undefined, undefined, bio).join).toBe(true);
  });

  it("never joins a Markdown heading to what follows, nor anything onto one", () => {
    expect(decideJoin("# 参考文献", "[1] 张爱兵", gap, layout).join).toBe(false);
    expect(decideJoin("### Research on Evaluation Method of Surrounding Rock Quality", "### Based on Variable Weight TOPSIS Model", gap, layout).join).toBe(false);
    expect(decideJoin("本文提出了一种新的方法，并且", "## 1 引言", gap, layout).join).toBe(false);
  });

  it("joins the rest of a list entry in its own script, never a translation", () => {
    const rest = ppl(LineRole.listEntry, LineRole.listContinuation);
    expect(decideJoin("HAN Li-na. Application of electromagnetic transient program in the power system[J]. Guangdong", "Power Transmission Technology, 2006,7(2):19-22.", gap, layout, false, undefined, undefined, undefined, rest).join).toBe(true);
    expect(decideJoin("[5] 韩丽娜. 电磁暂态程序在电力系统的应用[J]. 广东输电与变电技术, 2006", "HAN Li-na, YANG Zhi-jian.", gap, layout, false, undefined, undefined, undefined, rest).join).toBe(false);
  });

  it("joins wrapped headlines and decks, and a line that starts in lower case, but never a headline to its story", () => {
    expect(decideJoin("Drastic Measures Paralyze Con", "ditions Out-State.", gap, layout).join).toBe(true);
    expect(decideJoin("WARN SHIPPERS -", "AND TRAVELERS", gap, layout).join).toBe(true);
    expect(decideJoin("Similar Orders in All Other", "Railroad Centers.", gap, layout).join).toBe(true);
    expect(decideJoin("TOPEKA DEALERS ARE HARD HIT", "Loaded Cars Shipped Emp", gap, layout).join).toBe(false);
    expect(decideJoin("Plan to Double Reservoir Capacity Approved After Long Debate", "members of the board argued", gap, layout, false, undefined, undefined, undefined, ppl(LineRole.body, LineRole.body)).join).toBe(false);
  });

  it("reads `a. m.` as an abbreviation, not a sentence end", () => {
    expect(decideJoin("An order to quit work at 6 a. m.", "Monday was given Rock Island employes.", gap, layout).join).toBe(true);
  });
});

describe("sentence ends in Latin text", () => {
  it("reads `;` as no sentence end in Latin text, and as one in CJK text", () => {
    expect(decideJoin("For the first five days there was no alteration ;", "after a time, however, the man recovered.", gap, layout).join).toBe(true);
    expect(decideJoin("建设30所普惠性幼儿园;", "推进教育建设PPP项目。", gap, layout).join).toBe(false);
  });

  it("reads OCR specks after a full stop as the sentence end they follow", () => {
    expect(decideJoin("making arrangements for the opening of the new bank. -", "Mr. Chas. Staab left for Colorado.", gap, layout).join).toBe(false);
    expect(decideJoin("County Attorney Ed Flood did business in Ellis, Monday. '", "the D. H. Early & Sons' implement house sold five tractors.", gap, layout).join).toBe(false);
  });

  it("drops a line-end hyphen that split a syllable, and keeps it after a prefix that is a word", () => {
    expect(cleaned("a large wound and ex-\ntensive laceration of the skin.")).toEqual(["a large wound and extensive laceration of the skin."]);
    expect(cleaned("calomel and anti-\nmony combined.")).toEqual(["calomel and antimony combined."]);
    expect(cleaned("it showed great self-\nreliance in the end.")).toEqual(["it showed great self-reliance in the end."]);
  });

  it("removes a lower-case signature mark beside a page number and joins the word the page break cut", () => {
    const text = "the liquor ammonia acetatis, with tincture opii, is a good medicine. The alka-\n\nc\n\n14\n\nON INFLAMMATION.\n\nlira, judiciously given, lessen the irritability.\n\nThe end of the chapter comes here.\n\n15\n\nON INFLAMMATION.\n\nA new page begins here.";
    expect(cleaned(text)).toEqual([
      "the liquor ammonia acetatis, with tincture opii, is a good medicine. The alkalira, judiciously given, lessen the irritability.",
      "The end of the chapter comes here.",
      "A new page begins here.",
    ]);
  });
});

describe("more of the contract's web and OCR cases", () => {
  it("joins two Latin parts across a line-end dash with a space, CJK parts with none", () => {
    expect(cleaned("those developed at the point of contagion—\nthe so-called primary symptoms.")).toEqual(["those developed at the point of contagion— the so-called primary symptoms."]);
    expect(cleaned("加快官道河、姚暹渠禹都段——\n干河生态整治。")).toEqual(["加快官道河、姚暹渠禹都段——干河生态整治。"]);
  });

  it("removes a bare jump marker with column-rule noise after it", () => {
    expect(clean("The story starts here and goes on.\nContinued from Page Eight I\nBELIEVE MEXICAN SITUATION IS GRAVE\n").text).toBe("The story starts here and goes on.\nBELIEVE MEXICAN SITUATION IS GRAVE\n");
  });

  it("removes an account's reprint notice and its advert that points at the image under it, and keeps a source credit", () => {
    const text = [
      "广泛部署于企业 AI 基础设施的开源大模型代理网关被发现存在一个严重的漏洞。",
      "来源：Cyber Press / Sysdig",
      "本公众号发布的文章均转载自互联网或经作者投稿授权的原创，文末已注明出处，其内容和图片版权归原作者所有，如有侵权，请联系我们处理！",
      "安世加为出海企业提供认证咨询服务（点击图片可详细查看）",
      "[![](https://example.com/ad.jpg)](https://example.com/ad)",
    ].join("\n");
    expect(clean(text).text).toBe("广泛部署于企业 AI 基础设施的开源大模型代理网关被发现存在一个严重的漏洞。\n来源：Cyber Press / Sysdig\n");
  });
});

describe("wrapped decks, stably", () => {
  it("joins a three-line title-case deck in a printed column, and a second cleaning keeps it as it is", () => {
    const column = [
      "Embargo on 12 Roads Running Out of",
      "Chicago Ordered by the Railroads Today.",
      "Similar Orders in All Other",
      "Railroad Centers Are Expected",
      "Before the Week Is Over.",
      "Chicago, Aug. 30. The traveling public and",
      "shippers were warned by western railroads",
      "today to prepare for the tie-up of traffic",
      "which the strike would bring, and to make",
      "their plans accordingly before the end of",
      "the week, when the men will leave work.",
    ].join("\n");
    const once = clean(column).text;
    expect(once.split("\n")).toContain("Similar Orders in All Other Railroad Centers Are Expected Before the Week Is Over.");
    expect(clean(once).text).toBe(once);
  });

  it("never joins a line onto a dateline: `WASHINGTON, April 20.` starts a story", () => {
    expect(decideJoin("Republican A. P. Leased Wire", "WASHINGTON, April 20. Diplomatic negotiations with", gap, layout).join).toBe(false);
    expect(decideJoin("Open Strike Headquarters", "St. Louis, Aug. 30. Strike head", gap, layout).join).toBe(false);
  });
});

describe("enumerated headings", () => {
  it("never joins an enumerated heading without a clause to the text under it, though it ends on 向 or 和", () => {
    expect(decideJoin("二、2024年经济社会发展总体要求和政策取向", "今年发展主要预期目标是：国内生产总值增长5%左右。", gap, layout).join).toBe(false);
    // An item with clauses may still wrap where its last character leaves the clause open.
    expect(decideJoin("一是加快推进产业转型升级，持续优化营商环境和", "服务水平。", gap, layout).join).toBe(true);
  });
});
