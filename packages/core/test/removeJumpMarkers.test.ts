import { describe, expect, it } from "vitest";
import { findJumpMarkers, removeJumpMarkers } from "../src/rules/removeJumpMarkers.js";
import { paragraphsAfter, runPasses } from "./helpers.js";

describe("R1 removeJumpMarkers", () => {
  const alone = [
    "(上接第三版)",
    "(上接05版)",
    "(上接第1版)",
    "(下转第2版)",
    "(转第八版)",
    "(接上页)",
    "(上接第95页)",
    "(紧接第一版)",
    "(续第4版)",
    "（上接第三版）",
    "【上接第3版】",
    "〔下转第2版〕",
    "( 上接 第 3 版 )",
    "(下转第 页 )",
    "（下转第 123 页 continued on page 123）",
    "(Continued from page 3)",
    "(Continued on Page A7)",
    "(Continued from Page 1)",
    "See STORY, Page 4",
    "下转第2版",
  ];
  it.each(alone)("removes %s alone on a line", (marker) => {
    const doc = runPasses(`第一段。\n${marker}\n第二段。`, removeJumpMarkers);
    expect(paragraphsAfter(`第一段。\n${marker}\n第二段。`, removeJumpMarkers)).toEqual(["第一段。", "第二段。"]);
    expect(doc.edits).toHaveLength(1);
    expect(doc.edits[0]).toMatchObject({ rule: "R1", kind: "jump-marker", text: marker, line: 2 });
  });

  it("removes a marker glued to the start of a paragraph and keeps the text, walled from what precedes", () => {
    const doc = runPasses("(上接第一版)各提案承办单位克服疫情影响,层层压实责任。", removeJumpMarkers);
    expect(doc.lines[0]!.text).toBe("各提案承办单位克服疫情影响,层层压实责任。");
    expect(doc.lines[0]!.wallBefore).toBe(true);
    expect(doc.edits[0]).toMatchObject({ start: 0, end: 7, text: "(上接第一版)" });
  });

  it("removes a marker glued to the end of a paragraph and walls it from what follows", () => {
    const doc = runPasses("会议强调,要加强 （下转第2版）", removeJumpMarkers);
    expect(doc.lines[0]!.text).toBe("会议强调,要加强");
    expect(doc.lines[0]!.wallAfter).toBe(true);
  });

  it("removes an English jump at the end of a paragraph", () => {
    expect(paragraphsAfter("The board also voted to open two rooms (Continued on Page 7)", removeJumpMarkers)).toEqual([
      "The board also voted to open two rooms",
    ]);
    expect(paragraphsAfter("The council met on Monday. See COUNCIL, Page 4", removeJumpMarkers)).toEqual(["The council met on Monday."]);
  });

  const untouched = [
    "(摘要)",
    "市四届人大七次会议政府工作报告(摘要)",
    "（续表）",
    "他说:(接下来)我们要转变作风。",
    "(赵继利)",
    "加强来(返)同人员闭环管理",
    "See you on page four, he said.",
    "(yes)",
    "第3版",
  ];
  it.each(untouched)("leaves %s alone", (text) => {
    expect(findJumpMarkers(text)).toEqual([]);
    expect(runPasses(text, removeJumpMarkers).edits).toEqual([]);
  });
});
