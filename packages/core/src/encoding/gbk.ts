import iconv from "iconv-lite";

/**
 * GBK's two-byte table both ways, built from iconv-lite the first time a non-ASCII character
 * is looked up: the mojibake repair realigns every CJK stretch, and per-call conversions cost
 * more than the work. ASCII-only documents never build it.
 */
let tables: { encode: Uint16Array; decode: Uint16Array } | undefined;

function buildTables(): { encode: Uint16Array; decode: Uint16Array } {
  const encode = new Uint16Array(0x10000);
  const decode = new Uint16Array(0x10000);
  const bytes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) bytes.push(lead, trail, 0x0a);
  }
  // One decode; the line feeds keep the pairs apart whatever the decoder makes of a bad one.
  const pieces = iconv.decode(Buffer.from(bytes), "gbk").split("\n");
  for (let k = 0; k < bytes.length / 3; k++) {
    const piece = pieces[k]!;
    const code = (bytes[k * 3]! << 8) | bytes[k * 3 + 1]!;
    if (piece.length !== 1 || piece === "\ufffd") continue;
    const cp = piece.charCodeAt(0);
    decode[code] = cp;
    if (encode[cp] === 0) encode[cp] = code;
  }
  return { encode, decode };
}

/** Both tables, for scans that look up every character of a text. */
export function gbkTables(): { encode: Uint16Array; decode: Uint16Array } {
  return (tables ??= buildTables());
}
