import { describe, expect, it } from "vitest";
import { clean, RULES } from "../src/index.js";
import { WARM_UP_PAGE, warmUp } from "../src/warmUp.js";

describe("warmUp", () => {
  it("cleans a page on which every rule edits, so that each rule's code is compiled before the first document", () => {
    const { counts } = clean(WARM_UP_PAGE).report;
    for (const rule of RULES) expect(counts[rule], rule).toBeGreaterThan(0);
  });

  it("leaves nothing behind: a document cleans the same after it", () => {
    const text = "（上接第一版）\n会议指出，要坚持稳中求进工作总基调，\n完整准确全面贯彻新发展理念。\n";
    const before = clean(text);
    warmUp();
    expect(clean(text)).toEqual(before);
  });
});
