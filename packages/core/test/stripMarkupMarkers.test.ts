import { describe, expect, it } from "vitest";
import { stripMarkupMarkers } from "../src/rules/stripMarkupMarkers.js";
import { paragraphsAfter, runPasses } from "./helpers.js";

describe("R0 stripMarkupMarkers", () => {
  it("removes paired ** around a phrase in CJK text and keeps the phrase in place", () => {
    const doc = runPasses("巍巍中条。**筑牢安全稳定底线。**强化常态化疫情防控", stripMarkupMarkers);
    expect(doc.lines[0]!.text).toBe("巍巍中条。筑牢安全稳定底线。强化常态化疫情防控");
    expect(doc.edits.map((e) => [e.start, e.end, e.text])).toEqual([
      [5, 7, "**"],
      [16, 18, "**"],
    ]);
  });

  it("leaves ** in Latin text and unpaired ** alone", () => {
    expect(paragraphsAfter("a **bold** claim", stripMarkupMarkers)).toEqual(["a **bold** claim"]);
    expect(paragraphsAfter("注释**见下文", stripMarkupMarkers)).toEqual(["注释**见下文"]);
  });
});
