/**
 * Bytes to text. This engine decodes UTF-8 with or without a byte-order mark, replacing
 * invalid sequences with U+FFFD and never throwing; detection of other encodings (R0)
 * plugs in here.
 */
export interface DecodedInput {
  text: string;
  encoding: { name: string; confidence: number; bom: boolean; invalidSequences: number };
}

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

export function decodeInput(input: string | Uint8Array): DecodedInput {
  if (typeof input === "string") {
    const bom = input.charCodeAt(0) === 0xfeff;
    return { text: bom ? input.slice(1) : input, encoding: { name: "utf-16 (string)", confidence: 1, bom, invalidSequences: 0 } };
  }
  const bom = input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
  const text = decoder.decode(bom ? input.subarray(3) : input);
  let invalid = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) invalid++;
  return { text, encoding: { name: "utf-8", confidence: invalid === 0 ? 1 : Math.max(0, 1 - invalid / Math.max(1, text.length)), bom, invalidSequences: invalid } };
}
