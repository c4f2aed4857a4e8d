import iconv from "iconv-lite";
import { meanCost } from "../encoding/chineseModel.js";
import { utf16Order } from "./inputPolicy.js";

/**
 * Bytes to text (R0, decoding): UTF-8 with or without a byte-order mark, UTF-16 LE/BE with
 * one or told by its zero bytes, and otherwise GB18030 (a superset of GBK and GB2312) or Big5, whichever reads as more
 * probable Chinese. Invalid sequences become U+FFFD; nothing throws.
 */
export interface DecodedInput {
  text: string;
  encoding: {
    name: string;
    /** 1 when the bytes admit one reading (a BOM, valid UTF-8); lower as the runner-up comes closer. */
    confidence: number;
    bom: boolean;
    invalidSequences: number;
    /** How each candidate scored (mean improbability per non-ASCII character), when there was a choice. */
    candidates?: Record<string, number>;
  };
  /** The share of characters no reading decoded to sense (weighed readings only; 0 or absent otherwise). */
  unreadable?: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes of the input the candidates are scored on; the winner then decodes everything. */
const SAMPLE_BYTES = 256 * 1024;

export function decodeInput(input: string | Uint8Array): DecodedInput {
  if (typeof input === "string") {
    const bom = input.charCodeAt(0) === 0xfeff;
    return { text: bom ? input.slice(1) : input, encoding: { name: "utf-16 (string)", confidence: 1, bom, invalidSequences: 0 } };
  }
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) return decodeWith("utf-8", input.subarray(3), true, 1);
  if (input[0] === 0xff && input[1] === 0xfe) return decodeWith("utf-16le", input.subarray(2), true, 1);
  if (input[0] === 0xfe && input[1] === 0xff) return decodeWith("utf-16be", input.subarray(2), true, 1);
  // UTF-16 without a mark: zero bytes on one side of each pair (which UTF-8 would also accept).
  const order = utf16Order(input);
  if (order !== undefined) return decodeWith(order, input, false, UTF16_WITHOUT_BOM_CONFIDENCE);
  try {
    return { text: utf8Strict.decode(input), encoding: { name: "utf-8", confidence: 1, bom: false, invalidSequences: 0 } };
  } catch {
    // Not valid UTF-8: weigh the readings.
  }
  const sample = input.subarray(0, SAMPLE_BYTES);
  const scores: Record<string, number> = {};
  // UTF-16 with neither a mark nor an ASCII character (no zero byte) is weighed like the rest.
  // Too few bytes say nothing of pairs.
  const pairs = input.length % 2 === 0 && input.length >= MIN_UTF16_GUESS_BYTES;
  const readings: Encoding[] = pairs ? ["utf-8", "gb18030", "big5", "utf-16le", "utf-16be"] : ["utf-8", "gb18030", "big5"];
  for (const name of readings) scores[name] = scoreReading(decodeBytes(name, sample));
  const ranked = Object.entries(scores).sort((a, b) => a[1] - b[1]);
  const [best, runnerUp] = [ranked[0]!, ranked[1]!];
  // A gap of 10 tenths (a factor of ten in probability per character) is a sure call.
  const confidence = Math.round(Math.min(1, Math.max(0.5, 0.5 + (runnerUp[1] - best[1]) / 20)) * 100) / 100;
  const decoded = decodeWith(best[0] as Encoding, input, false, confidence);
  // A reading that leaves many characters undecoded, or whose best is no Chinese a person
  // wrote, is no sure call however it ranked.
  if (best[1] > GARBLED_COST) {
    decoded.unreadable = nonAsciiShare(decoded.text);
    decoded.encoding.confidence = Math.min(confidence, 0.3);
  } else {
    decoded.unreadable = decoded.text.length === 0 ? 0 : decoded.encoding.invalidSequences / decoded.text.length;
  }
  if (decoded.unreadable > 0) decoded.encoding.confidence = Math.round(Math.min(decoded.encoding.confidence, Math.max(0, 1 - 10 * decoded.unreadable)) * 100) / 100;
  decoded.encoding.candidates = Object.fromEntries(ranked.map(([k, v]) => [k, Math.round(v * 10) / 10]));
  return decoded;
}

/** The fewest bytes worth weighing as UTF-16 without a mark or an ASCII character. */
const MIN_UTF16_GUESS_BYTES = 32;

/** UTF-16 told by its zero bytes alone is near certain, but not as sure as a byte-order mark. */
const UTF16_WITHOUT_BOM_CONFIDENCE = 0.9;

/**
 * Mean improbability (per non-ASCII character) above which a reading is not Chinese anyone
 * wrote: written Chinese scores about 27–32 (the corpus's gold, simplified and traditional), text
 * decoded in the wrong encoding 74 and more.
 */
const GARBLED_COST = 60;

/** The share of the decoded characters that no reading could make sense of. */
export function unreadableShare(decoded: DecodedInput): number {
  return decoded.unreadable ?? 0;
}

function nonAsciiShare(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) n++;
  return text.length === 0 ? 0 : n / text.length;
}

type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "big5";

function decodeBytes(name: Encoding, bytes: Uint8Array): string {
  if (name === "utf-8") return utf8.decode(bytes);
  if (name === "utf-16le" || name === "utf-16be") return new TextDecoder(name, { fatal: false, ignoreBOM: true }).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
}

function decodeWith(name: Encoding, bytes: Uint8Array, bom: boolean, confidence: number): DecodedInput {
  const text = decodeBytes(name, bytes);
  let invalid = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) invalid++;
  return { text, encoding: { name, confidence, bom, invalidSequences: invalid } };
}

/** Lower is better: mean improbability of the non-ASCII characters, replacement marks included. */
function scoreReading(text: string): number {
  // A sample cut mid-character may end in one replacement mark; do not count it.
  return meanCost(text.endsWith("\ufffd") ? text.slice(0, -1) : text);
}
