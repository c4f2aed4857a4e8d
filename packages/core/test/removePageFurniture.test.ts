import { describe, expect, it } from "vitest";
import { joinBrokenParagraphs } from "../src/rules/joinBrokenParagraphs.js";
import { detectFurnitureLine, removePageFurniture, removeRevealedFurniture } from "../src/rules/removePageFurniture.js";
import { paragraphsAfter, runPasses } from "./helpers.js";

describe("R5 removePageFurniture", () => {
  const furniture: [string, string][] = [
    ["责任编辑 关凝淼 / 美编 荆星子 / 校对 白洁", "credit-line"],
    ["编辑：张三", "credit-line"],
    ["审核：李四", "credit-line"],
    ["（责任编辑：王敏）", "credit-line"],
    ["E-mail: ycwbbjb@126.com", "contact-line"],
    ["https://www.example.com/news/2021/03/05.html", "contact-line"],
    ["第3版", "page-header"],
    ["A3", "page-header"],
    ["2021年3月5日 星期五", "page-header"],
    ["大同日报 2021年3月5日 星期五 第3版 要闻", "page-header"],
    ["第3版 要闻", "page-header"],
    ["A3 要闻", "page-header"],
    ["美术编辑：李强", "credit-line"],
    ["中国电力第 55 卷", "page-header"],
    ["THE EVENING HERALD, TUESDAY, MARCH 8, 1921.                    PAGE 3", "page-header"],
    ["- 12 -", "page-number"],
    ["— 3 —", "page-number"],
    ["第 12 页", "page-number"],
    ["■■■", "rule-line"],
    ["!!!!", "rule-line"],
    ["————", "rule-line"],
    ["公众号：大同日报", "watermark"],
    ["扫码关注我们", "watermark"],
    ["時間:2023-10-12 17:34:27", "boilerplate"],
    ["導語:本文介紹了運動會的由來。", "boilerplate"],
  ];
  it.each(furniture)("removes %s", (line, kind) => {
    expect(detectFurnitureLine(line)?.kind).toBe(kind);
    const doc = runPasses(`正文第一段。\n${line}\n正文第二段。`, removePageFurniture);
    expect(doc.edits).toHaveLength(1);
    expect(doc.edits[0]).toMatchObject({ rule: "R5", kind, text: line });
  });

  const kept = [
    "政府工作报告",
    "政务之要",
    "科普之窗",
    "市科协与本报联合主办",
    "3月3日,小店区山西云内动力有限公司装配车间内,工人们正在组装发动机。张昊宇 摄",
    "本报讯(记者 丰曼)为贯彻落实最高人民检察院工作部署,我市检察机关全面推进。",
    "(赵继利)",
    "编辑部召开全体会议,研究部署今年的工作。",
    "2021年3月5日",
    "要闻",
    "星期五 要闻 综合 评论",
    "……",
    "COUNCIL VOTES NEW WATER WORKS",
    "雷锋精神闪耀古都 志愿服务温暖全城",
    "一、",
    "12",
  ];
  it.each(kept)("keeps %s", (line) => {
    expect(detectFurnitureLine(line)).toBeUndefined();
    expect(runPasses(line, removePageFurniture).edits).toEqual([]);
  });

  it("removes a watermark glued to the end of a paragraph, keeping the paragraph", () => {
    expect(paragraphsAfter("会议要求各部门抓好落实。公众号：大同日报", removePageFurniture)).toEqual(["会议要求各部门抓好落实。"]);
  });

  it("removes a watermark glued between sentences where a space marks its end, and keeps one it cannot delimit", () => {
    expect(paragraphsAfter("会议要求各部门抓好落实。公众号：大同日报 会议还研究了其他事项。", removePageFurniture)).toEqual(["会议要求各部门抓好落实。会议还研究了其他事项。"]);
    expect(paragraphsAfter("会议要求各部门抓好落实。公众号：大同日报会议还研究了其他事项。", removePageFurniture)).toEqual([
      "会议要求各部门抓好落实。公众号：大同日报会议还研究了其他事项。",
    ]);
  });

  it("removes the source site's reprint notice inside a paragraph", () => {
    const out = paragraphsAfter("运动会圆满结束。本文来自网友投稿，转载请联系原作者。", removePageFurniture);
    expect(out).toEqual(["运动会圆满结束。"]);
  });

  it("removes a tag cloud and the trailing related-articles list, but not the article", () => {
    const text = ["運動會圓滿結束。", "熱門標簽", "運動會", "學校", "相關文章", "秋季運動會開幕", "學生體質健康報告發布"].join("\n");
    const doc = runPasses(text, removePageFurniture);
    expect(paragraphsAfter(text, removePageFurniture)).toEqual(["運動會圓滿結束。"]);
    expect(doc.edits.map((e) => e.kind)).toEqual(["tag-cloud", "tag-cloud", "tag-cloud", "related-links", "related-links", "related-links"]);
  });

  it("removes furniture a join reveals, whole or inside a paragraph, with offsets into the input", () => {
    const passes = [removePageFurniture, joinBrokenParagraphs, removeRevealedFurniture] as const;
    // Found by fast-check: each line alone is no furniture; joined, they are a bracketed watermark.
    expect(paragraphsAfter("(公众号：日报\r\n)", ...passes)).toEqual([]);
    const text = "会议要求各部门,(公众号：日报\n)抓好落实。";
    const doc = runPasses(text, ...passes);
    expect(paragraphsAfter(text, ...passes)).toEqual(["会议要求各部门,抓好落实。"]);
    expect(doc.edits.filter((e) => e.rule === "R5")).toEqual([expect.objectContaining({ kind: "watermark", start: 8, end: 17, text: "(公众号：日报\n)" })]);
  });
});
