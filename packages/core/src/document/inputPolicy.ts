import { isStrayControl } from "../text/chars.js";

/**
 * What bytes the engine accepts as text: one policy for the CLI and the pipeline, so that a
 * file one of them refuses the other refuses too, with the same reason.
 *
 * - A known file signature (PDF, ZIP, PNG, …) is binary.
 * - UTF-16 is text, with or without a byte-order mark (without one it shows as zero bytes on
 *   one side of each pair: `decodeInput` reads it as UTF-16).
 * - Otherwise control bytes decide: text in any encoding the engine reads has none but tab,
 *   line ends and form feed. A few (a stray NUL from a bad export) are removed by R0 and
 *   reported; more than one byte in a hundred means the file is not text.
 */
export interface InputProblem {
  code: "binary";
  message: string;
}

/** File signatures of formats that are not text, at offset 0. */
const SIGNATURES: ReadonlyArray<[string, number[]]> = [
  ["PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["ZIP (docx, xlsx, epub…)", [0x50, 0x4b, 0x03, 0x04]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["gzip", [0x1f, 0x8b]],
  ["OLE2 (doc, xls)", [0xd0, 0xcf, 0x11, 0xe0]],
];

/** The bytes the policy reads: a file that is text here is text throughout, as far as it matters. */
export const SNIFF_BYTES = 64 * 1024;
/** Control bytes a text may hold, as a share of the sample, before it counts as binary. */
const MAX_CONTROL_SHARE = 0.01;

export function inspectBytes(bytes: Uint8Array): InputProblem | undefined {
  for (const [name, signature] of SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return { code: "binary", message: `it is a ${name} file, not text` };
  }
  if (utf16Order(bytes) !== undefined) return undefined;
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let controls = 0;
  let first = -1;
  for (let i = 0; i < sample.length; i++) {
    if (!isStrayControl(sample[i]!)) continue;
    if (first < 0) first = i;
    controls++;
  }
  if (controls > Math.max(2, MAX_CONTROL_SHARE * sample.length)) {
    return { code: "binary", message: `it holds ${controls} control bytes in its first ${sample.length} (the first at offset ${first}): binary, not text` };
  }
  return undefined;
}

/**
 * The byte order of UTF-16 text, with or without a byte-order mark: ASCII characters (line
 * ends, spaces, digits) put a zero byte on one side of their pair and never on the other.
 * Undefined for anything else; UTF-8, GB18030 and Big5 never hold a zero byte in text.
 */
export function utf16Order(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  const enough = Math.max(2, 0.02 * pairs);
  // The other side has zeros too where a character ends in 00 (`一` is U+4E00): far fewer.
  if (oddZeros >= enough && evenZeros * 4 <= oddZeros) return "utf-16le";
  if (evenZeros >= enough && oddZeros * 4 <= evenZeros) return "utf-16be";
  return undefined;
}
