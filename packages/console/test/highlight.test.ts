import { RULE_NAMES } from "@pagemend/core";
import { clean } from "@pagemend/core";
import { describe, expect, it } from "vitest";
import { codePointIndex, RULE_LABELS, segmentByEdits, type ReportEdit } from "../src/web/highlight.js";

const edit = (rule: ReportEdit["rule"], start: number, end: number, extra: Partial<ReportEdit> = {}): ReportEdit => ({ rule, kind: "k", start, end, line: 1, text: "", reason: "r", ...extra });

describe("segmentByEdits", () => {
  it("covers the whole text in order, with no gaps or overlaps", () => {
    const text = "0123456789";
    const segments = segmentByEdits(text, [edit("R1", 2, 4), edit("R3", 6, 9)]);
    expect(segments.map((s) => text.slice(s.from, s.to)).join("")).toBe(text);
    expect(segments.map((s) => [text.slice(s.from, s.to), s.edits])).toEqual([
      ["01", []],
      ["23", [0]],
      ["45", []],
      ["678", [1]],
      ["9", []],
    ]);
  });

  it("gives a nested piece to the innermost edit and keeps the outer one's reason", () => {
    // An R4 block with an R2 join inside it.
    const segments = segmentByEdits("aaaa\nbbbb", [edit("R4", 0, 9), edit("R2", 4, 5)]);
    const join = segments.find((s) => s.from === 4)!;
    expect(join.edits).toEqual([1, 0]);
    expect(segments.filter((s) => s.edits[0] === 0).map((s) => [s.from, s.to])).toEqual([
      [0, 4],
      [5, 9],
    ]);
  });

  it("marks where edits start and end, and where a kept twin starts", () => {
    const segments = segmentByEdits("keep\ncopy", [edit("R3", 5, 9, { keptAt: { start: 0, end: 4, line: 1, paragraph: 0 } })]);
    expect(segments[0]).toMatchObject({ from: 0, twinTarget: 0 });
    expect(segments.find((s) => s.from === 5)!.starting).toEqual([0]);
    expect(segments.find((s) => s.from === 5)!.ending).toEqual([0]);
  });

  it("keeps an edit that removed nothing as a point of its own", () => {
    const segments = segmentByEdits("ab", [edit("R0", 1, 1, { replacement: "x" })]);
    expect(segments.map((s) => [s.from, s.to, s.edits])).toEqual([
      [0, 1, []],
      [1, 1, [0]],
      [1, 2, []],
    ]);
  });

  it("reads the report's code-point offsets in text with astral characters", () => {
    const text = "😀ab😀cd";
    expect(codePointIndex(text)(3)).toBe(4);
    const segments = segmentByEdits(text, [edit("R5", 3, 4)]);
    expect(segments.filter((s) => s.edits.length).map((s) => text.slice(s.from, s.to))).toEqual(["😀"]);
  });

  it("renders a real report: each edit's text is what its segments cover", () => {
    const input = "(上接第三版)\n会议指出，要坚持稳中求进，\n推动经济持续向好。\n😀第3版\n";
    const { report, source } = clean(input);
    const segments = segmentByEdits(source, report.edits);
    report.edits.forEach((e, i) => {
      const covered = segments.filter((s) => s.edits.includes(i)).map((s) => source.slice(s.from, s.to)).join("");
      expect(covered).toBe(e.text);
    });
  });

  it("is linear: 100,000 edits segment in one pass", () => {
    const text = "x\n".repeat(100_000);
    const edits = Array.from({ length: 100_000 }, (_, i) => edit("R2", 2 * i + 1, 2 * i + 2));
    expect(segmentByEdits(text, edits).length).toBe(200_000);
  });
});

it("the console's rule labels are the engine's", () => {
  expect(RULE_LABELS).toEqual(RULE_NAMES);
});
