import { GBK_DECODE } from "../text/tables.generated.js";
import { expandGbkDecode } from "../text/tables.js";

/**
 * GBK's two-byte table both ways, expanded from generated data (`deriveGbkDecodeTable` reads it
 * from iconv-lite) the first time a non-ASCII character is looked up: the mojibake repair
 * realigns every CJK stretch, and per-call conversions cost more than the work. ASCII-only
 * documents never expand it.
 */
let tables: { encode: Uint16Array; decode: Uint16Array } | undefined;

function expandTables(): { encode: Uint16Array; decode: Uint16Array } {
  const decode = expandGbkDecode(GBK_DECODE);
  const encode = new Uint16Array(0x10000);
  // The lowest code wins where GBK has two for one character.
  for (let code = 0x8140; code < 0x10000; code++) {
    const cp = decode[code]!;
    if (cp !== 0 && encode[cp] === 0) encode[cp] = code;
  }
  return { encode, decode };
}

/** Both tables, for scans that look up every character of a text. */
export function gbkTables(): { encode: Uint16Array; decode: Uint16Array } {
  return (tables ??= expandTables());
}
