import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmentLines } from "../src/document/lines.js";
import { profileLayout } from "../src/document/profile.js";
import { decideJoin, joinBrokenParagraphs, joinSeparator } from "../src/rules/joinBrokenParagraphs.js";
import { removeJumpMarkers } from "../src/rules/removeJumpMarkers.js";
import { removePageFurniture } from "../src/rules/removePageFurniture.js";
import { unclosedOpeners, unmatchedClosers } from "../src/text/units.js";
import { paragraphsAfter, runPasses } from "./helpers.js";

const joined = (text: string) => paragraphsAfter(text, removeJumpMarkers, removePageFurniture, joinBrokenParagraphs);

describe("R2 joinBrokenParagraphs: joins", () => {
  it.each([
    ["与此同时,要高质量办好今年的十件民生实事,解决好老百姓的急难愁\n\n盼问题。", "与此同时,要高质量办好今年的十件民生实事,解决好老百姓的急难愁盼问题。"],
    ["十一要五严五防:严把入口关防输入,\n\n严把医治关防感染,\n\n严把宣传关防\n\n恐慌。", "十一要五严五防:严把入口关防输入,严把医治关防感染,严把宣传关防恐慌。"],
    ["随着“嫦娥五号”带着月壤返回地\n\n球,我国用16年时间完成了探月工程。", "随着“嫦娥五号”带着月壤返回地球,我国用16年时间完成了探月工程。"],
    ["推进产业项目全部实行“标准地”供给。扶持15\n\n家“金种子”企业对接资本市场。", "推进产业项目全部实行“标准地”供给。扶持15家“金种子”企业对接资本市场。"],
    ["加快官道河、姚暹渠禹都段、鸭子池、\n\n干河生态整治。", "加快官道河、姚暹渠禹都段、鸭子池、干河生态整治。"],
  ])("joins CJK parts with no separator: %#", (input, output) => {
    expect(joined(input)).toEqual([output]);
  });

  it("joins `8.4万…` to the sentence it continues: a number, not the item `8.`", () => {
    expect(joined("做一粒雷锋精神的种子,是我市\n\n8.4万青年志愿者共同的誓言。")).toEqual(["做一粒雷锋精神的种子,是我市8.4万青年志愿者共同的誓言。"]);
  });

  it("joins Latin parts with one space and removes a line-end hyphen inside a word", () => {
    expect(joined("members of the board argued that the present reser-\nvoir could not serve a city of forty\nthousand much longer.")).toEqual([
      "members of the board argued that the present reservoir could not serve a city of forty thousand much longer.",
    ]);
    expect(joined("Plan to Double Reservoir Capacity Ap-\nproved After Long Debate")).toEqual(["Plan to Double Reservoir Capacity Approved After Long Debate"]);
  });

  it("keeps the hyphen of a compound and of a capitalised second part", () => {
    expect(joinSeparator("the self-", "reliance")).toEqual({ separator: "", dropHyphen: false });
    expect(joinSeparator("the Anglo-", "American")).toEqual({ separator: "", dropHyphen: false });
    expect(joinSeparator("recon-", "struction")).toEqual({ separator: "", dropHyphen: true });
  });

  it("joins across a page footer and a running head that fell inside the paragraph", () => {
    const text = "The finance committee said it had not seen the fig-\n\n- 2 -\n\nTHE DAILY NEWS, WEDNESDAY, MARCH 9, 1921.     PAGE 2\n\nures and would ask for time.";
    expect(joined(text)).toEqual(["The finance committee said it had not seen the figures and would ask for time."]);
  });

  it("reads an unpunctuated line that fills the column as body text, also under a hanging indent", () => {
    const text = [
      "　　全市经济工作会议在市委礼堂召开会议总结",
      "了去年的经济工作部署了今年的经济工作安排",
      "会议要求各部门抓好落实确保各项任务完成。",
      "　　会议指出面对复杂严峻的外部环境全市上下",
      "坚持稳中求进工作总基调经济运行总体平稳。",
      "　　会议强调要坚持以推动高质量发展为主题全",
      "面落实各项决策部署确保十四五开局良好。",
    ].join("\n");
    expect(joined(text)).toEqual([
      "　　全市经济工作会议在市委礼堂召开会议总结了去年的经济工作部署了今年的经济工作安排会议要求各部门抓好落实确保各项任务完成。",
      "　　会议指出面对复杂严峻的外部环境全市上下坚持稳中求进工作总基调经济运行总体平稳。",
      "　　会议强调要坚持以推动高质量发展为主题全面落实各项决策部署确保十四五开局良好。",
    ]);
  });

  it("ends a paragraph at a line that stops short of a clear column, even without its 。", () => {
    const text = [
      "全市经济工作会议在市委礼堂召开会议总结了去",
      "年的经济工作部署了今年的经济工作安排会议要",
      "求各部门抓好落实确保各项任务按期完成会议指",
      "出要加强组织领导压实工作责任",
      "会议指出面对复杂严峻的外部环境全市上下坚持",
      "稳中求进工作总基调经济运行总体平稳质量效益",
      "稳步提升发展态势持续向好为十四五开好局起好",
      "步打下坚实基础",
      "会议强调要坚持以推动高质量发展为主题全面落",
      "实各项决策部署确保十四五开局良好起步扎实推",
      "进各项改革任务落地见效。",
    ].join("\n");
    expect(joined(text)).toHaveLength(3);
  });

  it("joins the lines of a hard-wrapped column, and not its indented paragraph starts", () => {
    const text = [
      "　　本报讯 3月5日上午，全市经济工作会",
      "议在市委礼堂召开。会议总结了去年的经济工",
      "作，部署了今年的工作。",
      "　　会议指出，面对复杂严峻的外部环境，全",
      "市上下坚持稳中求进工作总基调，经济运行",
      "总体平稳。",
    ].join("\n");
    expect(joined(text)).toEqual([
      "　　本报讯 3月5日上午，全市经济工作会议在市委礼堂召开。会议总结了去年的经济工作，部署了今年的工作。",
      "　　会议指出，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济运行总体平稳。",
    ]);
  });
});

describe("R2 joinBrokenParagraphs: never joins", () => {
  it.each([
    ["a finished sentence", "改革是破解难题的关键一招。\n\n深化能源革命。"],
    ["an enumerated item after the break", "加强知识产权保护,\n\n(六) 全力筑牢“两条底线” 促进经济社会行稳致远"],
    ["`一、` items", "名词解释\n\n1.四为四高两同步:转型为纲。"],
    ["a dateline", "我市未成年人检察工作全面升级\n\n本报讯(记者 丰曼)为贯彻落实工作部署,我市全面推进。"],
    ["a complete heading without punctuation", "(九)聚焦安全和发展,加快建设更高水平的平安大同\n\n全面落实总体国家安全观,增强忧患意识。"],
    ["a headline and an orphan fragment", "雷锋精神闪耀古都 志愿服务温暖全城\n\n花志愿服务队”,全方位、多角度拓展志愿服务项目。"],
    ["a short title and the lead", "用奉献点燃青春\n\n做一粒雷锋精神的种子,是我市青年志愿者共同的誓言。"],
    ["a column title and its sponsor line", "科普之窗\n\n市科协与本报联合主办"],
    ["a dangling end and a section title", "工业企业散装物料要入库入仓、苫盖,不得露天堆放;停止厂(场)区内散\n\n稳! 细致入微的民生关怀"],
    ["a photo caption", "工人们正在组装发动机。张昊宇 摄\n\n迎泽街道退役军人服务站自2019年6月成立以来,在服务保障方面成效明显。"],
    ["across a jump marker (from)", "工作要求各单位要提高认识,加强\n\n(上接第1版)场地从教室变成了酒店房间。"],
    ["across a jump marker (to)", "The board also voted to open two more rooms at the high school\n(Continued on Page 7)\n\nthe capital, leaving the depot at 6:40."],
    ["a capitals heading", "COUNCIL VOTES NEW WATER WORKS\n\nPlan to Double Reservoir Capacity"],
    ["a fragment that closes a bracket its predecessor never opened", "7.五严五防:严把入口关防输入,严把宣传关防\n\n网——全国志愿服务信息系统)注册。"],
  ])("%s", (_, text) => {
    const parts = text.split(/\n+/u).filter((l) => !/^\((?:上接|下转|Continued)[^)]*\)$/u.test(l));
    expect(joined(text)).toHaveLength(parts.length);
  });

  it("warns about a body line left dangling, not about a headline", () => {
    const doc = runPasses("加强知识产权保护,\n(六) 全力筑牢“两条底线”\n我市未成年人检察工作全面升级\n本报讯 3月3日,会议召开。", joinBrokenParagraphs);
    expect(doc.warnings.map((w) => [w.kind, w.line])).toEqual([["dangling-end", 1]]);
  });

  it("decides from the two texts and the gap", () => {
    const doc = segmentLines("这是第一部分的文字,没有结束\n的部分在这里。");
    const profile = profileLayout(doc.source, doc.lines);
    const [a, b] = ["这是第一部分的文字,没有结束", "的部分在这里。"];
    expect(decideJoin(a, b, { blankLines: 0, marker: false, indented: false }, profile).join).toBe(true);
    expect(decideJoin(a, b, { blankLines: 0, marker: true, indented: false }, profile).join).toBe(false);
  });

  it("reports each junction with its offsets and what stood there", () => {
    const doc = runPasses("要解决好老百姓的急难愁\n\n盼问题。", joinBrokenParagraphs);
    expect(doc.edits).toEqual([expect.objectContaining({ rule: "R2", kind: "join", start: 11, end: 13, text: "\n\n", joinedWith: "" })]);
  });
});

describe("bracket balance", () => {
  const OPENERS = "(（“「『《【";
  const CLOSERS = ")）”」』》】";
  /** The reference: a stack of openers; a closer takes the last opener of its pair, or is unmatched. */
  const reference = (text: string) => {
    const stack: string[] = [];
    const unmatched = new Set<number>();
    for (const ch of text) {
      if (OPENERS.includes(ch)) stack.push(ch);
      const k = CLOSERS.indexOf(ch);
      if (k < 0) continue;
      const at = stack.lastIndexOf(OPENERS[k]!);
      if (at >= 0) stack.splice(at, 1);
      else unmatched.add(k);
    }
    const bits = (ks: Iterable<number>) => [...ks].reduce((m, k) => m | (1 << k), 0);
    return { unmatched: bits(unmatched), unclosed: bits(stack.map((o) => OPENERS.indexOf(o))) };
  };

  it("gives, as bits per pair, the closers without an opener and the openers left open", () => {
    expect(unmatchedClosers("网——系统)注册。")).toBe(1);
    expect(unclosedOpeners("加入“志愿者(")).toBe(0b101);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPENERS, ...CLOSERS, "甲", "a"), { maxLength: 16 }), (chars) => {
        const text = chars.join("");
        const expected = reference(text);
        expect(unmatchedClosers(text)).toBe(expected.unmatched);
        expect(unclosedOpeners(text)).toBe(expected.unclosed);
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});
