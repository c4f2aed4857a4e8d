import { isLive, lineText } from "./lines.js";
import type { Document, ParagraphTable } from "./model.js";
import { JOINED_WITH_SPACE } from "./model.js";

/** The cleaned text, and where each of its paragraphs starts. */
export interface Output {
  /** The kept paragraphs, one a line, each ended by `\n`. */
  text: string;
  /** Where the k-th kept paragraph starts in `text`, and a last entry: the text's length. */
  starts: Int32Array;
}

/** A character above U+00FF: V8 then stores the text two bytes a character. */
const WIDE = /[\u0100-\uffff]/;

/**
 * Writes the kept paragraphs (indices, in order) straight from the lines' stretches of the
 * text into one buffer, which becomes the output string in one step. No paragraph's text is
 * made on the way: a document's worth of paragraph strings would otherwise be kept alive
 * through several garbage collections only to be copied once more by a join.
 */
export function writeParagraphs(doc: Pick<Document, "source" | "lines">, paragraphs: ParagraphTable, kept: readonly number[]): Output {
  const { source, lines } = doc;
  // At most the text and a final newline: each kept line end becomes a space or a newline.
  // One byte a character when the text has nothing above U+00FF, as V8 stores it.
  const wide = WIDE.test(source);
  const units = wide ? new Uint16Array(source.length + 1) : new Uint8Array(source.length + 1);
  const starts = new Int32Array(kept.length + 1);
  let n = 0;
  for (let k = 0; k < kept.length; k++) {
    const j = kept[k]!;
    starts[k] = n;
    const rewritten = paragraphs.rewritten.size === 0 ? undefined : paragraphs.rewritten.get(j);
    if (rewritten !== undefined) {
      for (let c = 0; c < rewritten.length; c++) units[n++] = rewritten.charCodeAt(c);
    } else {
      const first = paragraphs.first[j]!;
      const last = paragraphs.last[j]!;
      for (let i = first; i <= last; i++) {
        if (!isLive(lines, i)) continue;
        if (i > first && (lines.state[i]! & JOINED_WITH_SPACE) !== 0) units[n++] = 0x20;
        if (lines.cuts.has(i)) {
          const text = lineText(source, lines, i);
          for (let c = 0; c < text.length; c++) units[n++] = text.charCodeAt(c);
        } else {
          const to = lines.to[i]!;
          for (let c = lines.from[i]!; c < to; c++) units[n++] = source.charCodeAt(c);
        }
      }
    }
    units[n++] = 10;
  }
  starts[kept.length] = n;
  return { text: stringOfUnits(units, n), starts };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The string of units[0, n): UTF-16 units, or bytes standing for U+0000..U+00FF. */
export function stringOfUnits(units: Uint16Array | Uint8Array, n: number): string {
  const wide = units instanceof Uint16Array;
  // Node turns a buffer into a string natively; elsewhere, or on a big-endian machine, in chunks.
  if (typeof Buffer === "function" && (LITTLE_ENDIAN || !wide)) {
    return Buffer.from(units.buffer, units.byteOffset, n * units.BYTES_PER_ELEMENT).toString(wide ? "utf16le" : "latin1");
  }
  let text = "";
  for (let at = 0; at < n; at += CHUNK) text += String.fromCharCode.apply(null, units.subarray(at, Math.min(n, at + CHUNK)) as unknown as number[]);
  return text;
}

const CHUNK = 8192;
