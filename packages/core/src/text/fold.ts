import { IntColumn } from "./columns.js";
import { FOLD_RUNS } from "./tables.generated.js";
import { expandDeltaRuns } from "./tables.js";

/**
 * The comparison fold, as a table over UTF-16 units: letters and digits map to themselves
 * (ASCII and full-width Latin lower-cased, full-width digits to ASCII), everything else to 0
 * and is dropped (`deriveFoldTable` defines it; it is expanded here from generated data). One
 * table serves both the key string used to verify a repeat and the single pass that
 * fingerprints every paragraph, so the two can never disagree.
 */
const FOLD = expandDeltaRuns(FOLD_RUNS);

/** A list prefix (`2.`, `(三)`, `一、`) says where an item stands, not what it says. */
const LIST_PREFIX = /^\s*(?:[(（]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[)）]|[0-9０-９]{1,3}\s*[.、．](?![0-9０-９])|[一二三四五六七八九十]{1,3}\s*[、．.]|[①-⑳])\s*/u;

/** Characters a list prefix can start with (after spaces). */
const PREFIX_START = /^\s*[(（0-9０-９一二三四五六七八九十①-⑳]/u;

function bodyStart(text: string): number {
  const c = text.charCodeAt(0);
  // Most paragraphs start with a letter that opens no prefix: skip the pattern for them.
  if (c >= 0x4e00 && c <= 0x9fff && !"一二三四五六七八九十".includes(text[0]!)) return 0;
  if (!PREFIX_START.test(text)) return 0;
  const m = LIST_PREFIX.exec(text);
  return m ? m[0].length : 0;
}

/** Where comparison keys are assembled: reused, so that making a key allocates only the key. */
const KEY_CHUNK = new Uint16Array(4096);

/** The comparison key of a text: its folded letters and digits, list prefix dropped. */
export function comparisonKey(text: string): string {
  let key = "";
  let n = 0;
  for (let i = bodyStart(text); i < text.length; i++) {
    const f = FOLD[text.charCodeAt(i)]!;
    if (f === 0) continue;
    KEY_CHUNK[n++] = f;
    if (n === KEY_CHUNK.length) {
      key += String.fromCharCode.apply(null, KEY_CHUNK as unknown as number[]);
      n = 0;
    }
  }
  return key + String.fromCharCode.apply(null, KEY_CHUNK.subarray(0, n) as unknown as number[]);
}

/** What the duplicate passes need of a paragraph, from one pass over its characters (its shingles go to a column). */
export interface Fingerprint {
  /** Length of the comparison key. */
  length: number;
  /** Mostly CJK (sets the shingle size and the minimum length). */
  cjk: boolean;
  /** FNV-1a of the whole key (int32): equal keys, equal hashes. */
  keyHash: number;
}

const CJK_SHINGLE = 3;
const LATIN_SHINGLE = 6;
const BASE = 0x01000193;
const POWER = { [CJK_SHINGLE]: power(BASE, CJK_SHINGLE), [LATIN_SHINGLE]: power(BASE, LATIN_SHINGLE) } as Record<number, number>;

function power(base: number, n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, base);
  return p;
}

/** murmur3's finaliser: spreads a polynomial hash over all 32 bits, so `h % 8` samples evenly. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16); // int32: small integers stay unboxed in arrays and maps
}

function isCjkFold(f: number): boolean {
  return (f >= 0x2e80 && f < 0xa000) || (f >= 0xac00 && f <= 0xd7af) || (f >= 0xd800 && f <= 0xdfff);
}

/**
 * One pass over a paragraph: key length, script, key hash, and a sample of its shingles
 * (`size` folded characters, rolling hash) appended to `shingles`. A shingle is kept when
 * its hash falls in a fixed slice, 1/4 for short keys and 1/8 from 40 characters
 * (h & 7 === 0 implies h & 3 === 0, so a short fragment still samples every shingle its
 * long source sampled), topped up to MIN_SHINGLES with the first others so that a short key
 * always has some.
 */
export function fingerprintInto(text: string, shingles: IntColumn): Fingerprint {
  const start = bodyStart(text);
  // The script, from the head of the key: it sets the shingle size.
  let head = 0;
  let headCjk = 0;
  for (let i = start; i < text.length && head < 64; i++) {
    const f = FOLD[text.charCodeAt(i)]!;
    if (f === 0) continue;
    head++;
    if (isCjkFold(f)) headCjk++;
  }
  const cjk = headCjk * 2 >= head;
  const size = cjk ? CJK_SHINGLE : LATIN_SHINGLE;
  const outgoing = POWER[size]!;
  const ring = cjk ? RING3 : RING6;
  const first = shingles.length;
  let others = 0;
  let length = 0;
  let keyHash = 0x811c9dc5;
  let rolling = 0;
  let rate = 4;
  let slot = 0; // where the character leaving the window sits in the ring
  ring.fill(0);
  for (let i = start; i < text.length; i++) {
    const f = FOLD[text.charCodeAt(i)]!;
    if (f === 0) continue;
    keyHash = Math.imul(keyHash ^ f, 0x01000193);
    rolling = (Math.imul(rolling, BASE) + f - Math.imul(ring[slot]!, outgoing)) | 0;
    ring[slot] = f;
    if (++slot === size) slot = 0;
    length++;
    if (length === 40) rate = 8;
    if (length < size) continue;
    const h = mix(rolling);
    if ((h & (rate - 1)) === 0) shingles.push(h);
    else if (others < MIN_SHINGLES) OTHERS[others++] = h;
  }
  if (length === 0) return { length, cjk, keyHash };
  if (length < size) {
    shingles.push(keyHash);
    return { length, cjk, keyHash };
  }
  for (let i = 0; shingles.length - first < MIN_SHINGLES && i < others; i++) shingles.push(OTHERS[i]!);
  return { length, cjk, keyHash };
}

const RING3 = new Uint16Array(CJK_SHINGLE);
/** Shingles every key of at least one shingle's length has. */
const MIN_SHINGLES = 4;
/** The first shingles outside the sample, to top a short key up with. */
const OTHERS = new Int32Array(MIN_SHINGLES);
const RING6 = new Uint16Array(LATIN_SHINGLE);

/** Shingle length: three characters carry a CJK word or two; Latin needs more letters. */
export function shingleSizeOf(cjk: boolean): number {
  return cjk ? CJK_SHINGLE : LATIN_SHINGLE;
}
