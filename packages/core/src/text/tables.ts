/**
 * The code-unit tables the engine reads every character through, expanded from the compact
 * form `scripts/generate-tables.mjs` writes into `tables.generated.ts` (see `tableSources.ts`
 * for what they are). Expanding costs about a millisecond; deriving them cost 80.
 */

/** GBK's two-byte codes in table order: lead 0x81–0xFE, trail 0x40–0xFE without 0x7F (`expandGbkDecode` walks the same order). */
export function gbkTableCodes(): number[] {
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.push((lead << 8) | trail);
  }
  return codes;
}

/** `(start, length, value)` triples: table[start .. start+length) = value; elsewhere 0. */
export function expandValueRuns(runs: readonly number[]): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let i = 0; i < runs.length; i += 3) table.fill(runs[i + 2]!, runs[i]!, runs[i]! + runs[i + 1]!);
  return table;
}

/** `(start, length, delta)` triples: table[c] = c + delta over each run; elsewhere 0. */
export function expandDeltaRuns(runs: readonly number[]): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let i = 0; i < runs.length; i += 3) {
    const delta = runs[i + 2]!;
    for (let c = runs[i]!, end = c + runs[i + 1]!; c < end; c++) table[c] = c + delta;
  }
  return table;
}

/** The characters of GBK's two-byte codes in table order (16-bit little-endian, base64), indexed back by code. */
export function expandGbkDecode(base64: string): Uint16Array {
  const bytes = Buffer.from(base64, "base64");
  const decode = new Uint16Array(0x10000);
  let k = 0;
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      decode[(lead << 8) | trail] = bytes[k]! | (bytes[k + 1]! << 8);
      k += 2;
    }
  }
  return decode;
}
