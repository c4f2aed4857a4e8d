/**
 * Why a stored object cannot be cleaned, before the engine sees it. These are permanent:
 * the same bytes fail the same way, so they get an error record instead of retries.
 */
export type InputProblem = { code: "empty" | "too-large" | "binary"; message: string };

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

const SNIFF_BYTES = 64 * 1024;

export function checkSize(size: number, maxBytes: number): InputProblem | undefined {
  if (size === 0) return { code: "empty", message: "the object is empty: there is nothing to clean" };
  if (size > maxBytes) return { code: "too-large", message: `the object is ${size} bytes, over the limit of ${maxBytes} bytes` };
  return undefined;
}

/**
 * Binary content: a known file signature, or NUL bytes in the first 64 KB (text encodings the
 * engine reads have none, except UTF-16, which starts with a byte-order mark).
 */
export function checkBinary(bytes: Uint8Array): InputProblem | undefined {
  for (const [name, signature] of SIGNATURES) {
    if (signature.every((b, i) => bytes[i] === b)) return { code: "binary", message: `the object is a ${name} file, not text` };
  }
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) return undefined;
  const nul = bytes.subarray(0, SNIFF_BYTES).indexOf(0);
  if (nul >= 0) return { code: "binary", message: `the object holds a NUL byte at offset ${nul}: it is binary, not text` };
  return undefined;
}
