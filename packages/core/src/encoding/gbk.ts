import iconv from "iconv-lite";

/**
 * GBK's two-byte table both ways, built once from iconv-lite: the mojibake repair encodes
 * and realigns many short runs, and per-call conversions cost more than the work.
 */
const ENCODE = new Uint16Array(0x10000);
const DECODE = new Uint16Array(0x10000);
{
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
    DECODE[code] = cp;
    if (ENCODE[cp] === 0) ENCODE[cp] = code;
  }
}

/** The GBK bytes of `text`; characters GBK lacks become `?`, as a lossy encoder writes them. */
export function encodeGbk(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else {
      const code = ENCODE[c]!;
      if (code === 0) out.push(0x3f);
      else out.push(code >> 8, code & 0xff);
    }
  }
  return out;
}

/** Decodes GBK bytes from `from`; an invalid pair gives U+FFFD and resumes at its second byte. */
export function decodeGbk(bytes: readonly number[], from = 0): string {
  let out = "";
  for (let i = from; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const cp = i + 1 < bytes.length ? DECODE[(b << 8) | bytes[i + 1]!]! : 0;
    if (cp === 0) {
      out += "\ufffd";
      i++;
    } else {
      out += String.fromCharCode(cp);
      i += 2;
    }
  }
  return out;
}

/** The GBK code of a BMP character (lead << 8 | trail), 0 when GBK has none or it is ASCII. */
export function gbkCode(cp: number): number {
  return cp < 0x10000 ? ENCODE[cp]! : 0;
}

/** The character a two-byte GBK code stands for, 0 when none. */
export function gbkChar(code: number): number {
  return DECODE[code]!;
}
