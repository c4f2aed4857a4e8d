import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { charTable, indexOfUnitIn } from "../src/text/chars.js";

describe("whole-text character scans", () => {
  it("find the first unit in a range where the pattern's class does", () => {
    const unit = fc.constantFrom("a", "你", "\ud800", "\udbff", "\udc00", "\udfff", "😀", "\ud7ff", "\ue000", "\u3000");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }).map((u) => u.join("")), (text) => {
        expect(indexOfUnitIn(text, 0xd800, 0xdfff)).toBe(text.search(/[\ud800-\udfff]/));
        expect(indexOfUnitIn(text, 0xd800, 0xdbff)).toBe(text.search(/[\ud800-\udbff]/));
      }),
    );
  });

  it("tables hold their characters and ranges, and nothing else", () => {
    const table = charTable("版刊", ["0", "9"], ["０", "９"]);
    const members = [...table.keys()].filter((c) => table[c] === 1).map((c) => String.fromCharCode(c));
    expect(members.join("")).toBe("0123456789刊版０１２３４５６７８９");
  });
});
