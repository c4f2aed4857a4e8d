import { paragraphsOf } from "../document/lines.js";
import type { Document, RepeatCandidates } from "../document/model.js";
import { ShingleIndex } from "../text/fingerprint.js";
import { fingerprint } from "../text/fold.js";
import { CandidateFinder } from "./duplicates.js";

/**
 * Detect stage of R3 and R4: fingerprints every paragraph once (key length, script, key
 * hash, sampled shingles), and asks a shingle index which earlier paragraphs share enough
 * of them to be worth verifying. Nothing is compared all-pairs: each paragraph looks up its
 * own shingles, and a shingle held by many paragraphs (a common phrase) is not indexed, so
 * the cost is linear in the document.
 */

/** Lowest share of sampled shingles kept as a candidate (R4's resplit runs split them). */
const MIN_STORED_SHARE = 0.15;
/** Paragraphs shorter than this (in key characters) are not indexed: nothing to repeat. */
const MIN_INDEXED = 6;

export function findRepeatCandidates(doc: Document): Document {
  const paragraphs = paragraphsOf(doc);
  const n = paragraphs.length;
  const repeats: RepeatCandidates = {
    keyLength: new Int32Array(n),
    cjk: new Uint8Array(n),
    keyHash: new Int32Array(n),
    sampled: new Int32Array(n),
    exact: new Int32Array(n).fill(-1),
    offsets: new Int32Array(n + 1),
    docs: new Int32Array(0),
    shared: new Int32Array(0),
  };
  const docs: number[] = [];
  const shared: number[] = [];
  const firstWithKey = new Map<number, number>();
  const index = new ShingleIndex(Math.max(1024, n * 8));
  const finder = new CandidateFinder(index, n);
  for (let j = 0; j < n; j++) {
    repeats.offsets[j] = docs.length;
    const p = paragraphs[j]!;
    if (p.removedBy) continue;
    const fp = fingerprint(p.text);
    repeats.keyLength[j] = fp.length;
    repeats.cjk[j] = fp.cjk ? 1 : 0;
    repeats.keyHash[j] = fp.keyHash;
    repeats.sampled[j] = fp.shingles.length;
    if (fp.length === 0) continue;
    // Same hash and same length: the same key but for a one-in-billions collision, which R3's verification catches.
    const first = firstWithKey.get(fp.keyHash);
    if (first === undefined) firstWithKey.set(fp.keyHash, j);
    else if (repeats.keyLength[first] === fp.length) repeats.exact[j] = first;
    // An exact repeat adds nothing its first copy has not indexed already.
    const indexAs = fp.length >= MIN_INDEXED && repeats.exact[j] === -1 ? j : -1;
    for (const c of finder.findThenAdd(fp.shingles, indexAs, 8, MIN_STORED_SHARE)) {
      docs.push(c.doc);
      shared.push(c.shared);
    }
  }
  repeats.offsets[n] = docs.length;
  repeats.docs = Int32Array.from(docs);
  repeats.shared = Int32Array.from(shared);
  return { ...doc, paragraphs, repeats };
}

/** The repeat candidates of a document, detecting them if no earlier pass did. */
export function repeatsOf(doc: Document): Document & { repeats: RepeatCandidates; paragraphs: NonNullable<Document["paragraphs"]> } {
  const withRepeats = doc.repeats && doc.paragraphs ? doc : findRepeatCandidates(doc);
  return withRepeats as Document & { repeats: RepeatCandidates; paragraphs: NonNullable<Document["paragraphs"]> };
}
