import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EditRecorder } from "../src/document/edits.js";
import { isLive, LineEditor, lineLength, linesMatching, lineText, segmentLines, textPosition, trimLayout } from "../src/document/lines.js";
import { EDIT_FIELDS, type EditLabel } from "../src/document/model.js";
import { charTable, isSpaceUnit } from "../src/text/chars.js";

describe("the line table", () => {
  it("trims layout whitespace as the pattern it replaced did: every space at the end, all but U+3000 at the start", () => {
    const piece = fc.constantFrom(" ", "\t", "\u3000", "\u00a0", "\u2028", "\ufeff", "a", "甲", "\u200b");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join("")), (text) => {
        expect(trimLayout(text)).toBe(text.replace(/^[^\S\u3000]+|\s+$/gu, ""));
      }),
    );
  });

  it("segments \\n, \\r\\n and \\r line ends, trims layout spaces but a leading U+3000, and numbers lines by index", () => {
    const doc = segmentLines(" 甲乙 \r\n\u3000\u3000丙丁\u3000\rlast\u2028\n");
    expect(doc.lines.count).toBe(3);
    expect([0, 1, 2].map((i) => lineText(doc.source, doc.lines, i))).toEqual(["甲乙", "\u3000\u3000丙丁", "last"]);
    expect([...doc.lines.start]).toEqual([0, 6, 12]);
    expect(segmentLines("").lines.count).toBe(1);
    expect(segmentLines("a\n\n").lines.count).toBe(2);
  });

  it("classifies spaces as JavaScript's \\s does, over the whole BMP", () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceUnit(c) !== /\s/u.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it("cuts a prefix, a suffix and a middle, and maps positions in the text back to the document", () => {
    const doc = segmentLines("ABCDEFGHIJ");
    const lines = new LineEditor(doc.source, doc.lines);
    lines.cut(0, 4, 6); // ABCD|GHIJ
    lines.cut(0, 0, 1); // BCD|GHIJ
    lines.cut(0, 6, 7); // BCDGHI
    expect(lines.text(0)).toBe("BCDGHI");
    expect(lines.length(0)).toBe(6);
    // Each position of the text, and its end, maps to where that character stands in the document.
    expect([0, 1, 2, 3, 4, 5].map((k) => doc.source[lines.position(0, k)])).toEqual([..."BCDGHI"]);
    expect(lines.position(0, 6)).toBe(9);
    // A second middle cut next to the first merges with it.
    lines.cut(0, 2, 4); // BCHI
    expect(lines.text(0)).toBe("BCHI");
    expect(lines.cuts.get(0)).toEqual([3, 7]);
  });

  it("agrees with a string model of the cuts on random edits", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\r\n]/u.test(s)), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), (text, cuts) => {
        const doc = segmentLines(text);
        const lines = new LineEditor(doc.source, doc.lines);
        // The oracle: the text, and for each of its characters the document offset it came from.
        let model = lineText(doc.source, doc.lines, 0);
        let origin = Array.from(model, (_, k) => doc.lines.from[0]! + k);
        for (const [x, y] of cuts) {
          if (model.length === 0) break;
          const from = x % model.length;
          const to = from + 1 + (y % (model.length - from));
          lines.cut(0, from, to);
          model = model.slice(0, from) + model.slice(to);
          origin = [...origin.slice(0, from), ...origin.slice(to)];
          expect(lines.text(0)).toBe(model);
          expect(lines.length(0)).toBe(model.length);
          origin.forEach((o, k) => expect(lines.position(0, k)).toBe(o));
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("leaves the table it was given as it was: passes are pure", () => {
    const doc = segmentLines("  甲乙丙丁  \n戊己");
    const before = JSON.stringify([...doc.lines.from, ...doc.lines.to, ...doc.lines.state]);
    const lines = new LineEditor(doc.source, doc.lines);
    lines.cut(0, 1, 2);
    lines.remove(1, "R5");
    lines.trim(0);
    expect(JSON.stringify([...doc.lines.from, ...doc.lines.to, ...doc.lines.state])).toBe(before);
    expect(doc.lines.cuts.size).toBe(0);
    expect(isLive(lines, 1)).toBe(false);
    expect(isLive(doc.lines, 1)).toBe(true);
    expect(lineText(doc.source, lines, 0)).toBe("甲丙丁");
    expect(textPosition(lines, 0, lineLength(lines, 0))).toBe(6);
  });

  it("finds every line a per-line test would, with one scan of the whole text, also where cuts brought a match together", () => {
    const words = ["接", "转", "Contin", "Cont", "in", "See ", "**", "*", "a", "\u3000", " ", "甲", "\r\n", "\n", "\r"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 4 }), (parts, cuts) => {
        const doc = segmentLines(parts.join(""));
        const lines = new LineEditor(doc.source, doc.lines);
        for (const [i, x, y] of cuts) {
          const line = i % lines.count;
          const length = lines.length(line);
          if (length > 2) lines.cut(line, 1 + (x % (length - 2)), 2 + (x % (length - 2)) + (y % 2));
        }
        const pattern = /[接转]|Contin|See\s|\*\*/g;
        const found = new Set(linesMatching(doc.source, lines, pattern));
        for (let i = 0; i < lines.count; i++) {
          if (isLive(lines, i) && new RegExp(pattern.source).test(lines.text(i))) expect(found.has(i)).toBe(true);
        }
        // A set of characters as a table finds the lines its class finds.
        expect(linesMatching(doc.source, lines, charTable("接转*", ["\u3000", "\u3000"]))).toEqual(linesMatching(doc.source, lines, /[接转*\u3000]/g));
      }),
      { seed: 7, numRuns: 500 },
    );
    // The case the property rarely builds: a word only the cut brings together.
    const doc = segmentLines("x\nCont甲inued");
    const lines = new LineEditor(doc.source, doc.lines);
    lines.cut(1, 4, 5);
    expect(lines.text(1)).toBe("Continued");
    expect(linesMatching(doc.source, lines, /Contin/g)).toEqual([1]);
  });
});

describe("the edit recorder", () => {
  const label = (kind: string): EditLabel => ({ rule: "R1", kind, reason: "a reason for the test" });
  const spansOf = (edits: EditRecorder) => {
    const [batch] = edits.appendTo([]);
    const field = (k: number, f: number) => batch!.fields[k * EDIT_FIELDS + f]!;
    return {
      kinds: Array.from({ length: batch!.count }, (_, k) => batch!.labels[field(k, 0)]!.kind),
      starts: Array.from({ length: batch!.count }, (_, k) => field(k, 1)),
      extras: [...batch!.extras],
    };
  };

  it("grows, reverses a line's edits made right to left, and sorts by start stably with the extras in tow", () => {
    const edits = new EditRecorder();
    for (let k = 0; k < 100; k++) edits.add(label("fill"), k, k + 1);
    const mark = edits.count;
    edits.add(label("c"), 300, 301);
    edits.add(label("b"), 200, 201, 200, 201, { text: "b's text" });
    edits.add(label("a"), 200, 202);
    edits.reverseSince(mark);
    let seen = spansOf(edits);
    expect(seen.kinds.slice(100)).toEqual(["a", "b", "c"]);
    expect(seen.extras).toEqual([[101, { text: "b's text" }]]);
    edits.add(label("early"), 50, 50);
    edits.sortByStart();
    seen = spansOf(edits);
    expect(seen.starts).toEqual([...seen.starts].sort((x, y) => x - y));
    expect(seen.kinds.slice(50, 53)).toEqual(["fill", "early", "fill"]);
    expect(seen.kinds.slice(-3)).toEqual(["a", "b", "c"]);
    expect(seen.extras).toEqual([[102, { text: "b's text" }]]);
  });

  it("adds nothing to the document when a pass made no edit", () => {
    const before = segmentLines("x").edits;
    expect(new EditRecorder().appendTo(before)).toBe(before);
  });
});
