import { describe, expect, it } from "vitest";
import { removeControlCharacters } from "../src/rules/removeControlCharacters.js";

describe("R0: removeControlCharacters", () => {
  it("removes C0 controls no text means, and keeps tab, line ends, vertical tab, form feed and escape", () => {
    const kept = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b];
    for (let c = 0; c < 0x80; c++) {
      const repairs = removeControlCharacters(`a${String.fromCharCode(c)}b`);
      expect(repairs.length, `U+${c.toString(16).padStart(4, "0")}`).toBe(c < 0x20 && !kept.includes(c) ? 1 : 0);
    }
  });

  it("reports each run once, where it stands", () => {
    expect(removeControlCharacters("正文\0\0\u0001结束\u0007")).toEqual([
      expect.objectContaining({ start: 2, end: 5, replacement: "", kind: "control-character" }),
      expect.objectContaining({ start: 7, end: 8, replacement: "" }),
    ]);
  });

  it("leaves text without them alone, U+3000 and full-width punctuation included", () => {
    expect(removeControlCharacters("　全角，标点。\tTab\r\n")).toEqual([]);
  });
});
