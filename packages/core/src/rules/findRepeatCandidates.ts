import { isLive, lineLength, paragraphsOf, paragraphText } from "../document/lines.js";
import type { Document, ParagraphTable, RepeatCandidates } from "../document/model.js";
import { IntColumn } from "../text/columns.js";
import { fingerprintInto } from "../text/fold.js";
import { bitsFor, sortPairs } from "../text/radix.js";
import { isTitleLike } from "../text/units.js";

/**
 * Detect stage of R3 and R4: fingerprints every paragraph once (key length, script, key
 * hash, sampled shingles) and finds, for each, the earlier paragraphs that share enough of
 * its shingles to be worth verifying. Nothing is compared all-pairs: (shingle, paragraph)
 * pairs are radix-sorted so that holders of a shingle sit together, each small group pairs
 * its members, and a shingle held by more than MAX_HOLDERS paragraphs is a common phrase
 * that says nothing and is skipped. Every step is a linear pass.
 */

/** Lowest share of sampled shingles kept as a candidate (R4's resplit runs split them). */
const MIN_STORED_SHARE = 0.15;
/** Paragraphs shorter than this (in key characters) are no one's candidate: nothing to repeat. */
const MIN_INDEXED = 6;
/** A shingle held by more paragraphs than this is a common phrase, not evidence of a repeat. */
const MAX_HOLDERS = 12;
/** Candidates kept per paragraph, most shared first. */
const MAX_CANDIDATES = 8;

export function findRepeatCandidates(doc: Document): Document {
  const paragraphs = paragraphsOf(doc);
  const n = paragraphs.count;
  const repeats: RepeatCandidates = {
    keyLength: new Int32Array(n),
    cjk: new Uint8Array(n),
    titleLike: new Uint8Array(n),
    keyHash: new Int32Array(n),
    sampled: new Int32Array(n),
    exact: new Int32Array(n).fill(-1),
    offsets: new Int32Array(n + 1),
    docs: new Int32Array(0),
    shared: new Int32Array(0),
  };
  // 1. Fingerprints, exact twins, and which paragraphs may be a candidate; every sampled
  // shingle goes into one column with its paragraph beside it.
  // Sized for the usual sample, one shingle in eight characters and a few a paragraph, so
  // that the columns rarely grow.
  let characters = 0;
  for (let i = 0; i < doc.lines.count; i++) if (isLive(doc.lines, i)) characters += lineLength(doc.lines, i);
  const hashes = new IntColumn((characters >> 3) + 6 * n);
  const holders = new IntColumn((characters >> 3) + 6 * n);
  const indexable = new Uint8Array(n);
  const firstWithKey = new Map<number, number>();
  for (let j = 0; j < n; j++) {
    if (paragraphs.removedBy[j] !== 0) continue;
    const before = hashes.length;
    // The one time a paragraph's text is made here: what R3 needs of it besides the key is read too.
    const text = paragraphText(doc, paragraphs, j);
    const fp = fingerprintInto(text, hashes);
    repeats.titleLike[j] = isTitleLike(text) ? 1 : 0;
    const sampled = hashes.length - before;
    for (let k = 0; k < sampled; k++) holders.push(j);
    repeats.keyLength[j] = fp.length;
    repeats.cjk[j] = fp.cjk ? 1 : 0;
    repeats.keyHash[j] = fp.keyHash;
    repeats.sampled[j] = sampled;
    if (fp.length === 0) continue;
    // Same hash and same length: the same key but for a rare collision, which R3's verification catches.
    const first = firstWithKey.get(fp.keyHash);
    if (first === undefined) firstWithKey.set(fp.keyHash, j);
    else if (repeats.keyLength[first] === fp.length) repeats.exact[j] = first;
    // An exact repeat adds nothing its first copy does not offer already.
    if (fp.length >= MIN_INDEXED && repeats.exact[j] === -1) indexable[j] = 1;
  }

  // 2. (shingle, paragraph) pairs, sorted by shingle; paragraphs stay in order within a shingle.
  const total = hashes.length;
  const byShingle = sortPairs(hashes.view(), holders.view());

  // 3. Within each small group, every holder meets the earlier candidates that hold it too.
  // The pairs go where the shingles stood before the sort: those arrays are free now, and
  // hold more than the pairs of most documents.
  const later = new IntColumn(total >> 3, byShingle.spare.keys);
  const earlier = new IntColumn(total >> 3, byShingle.spare.values);
  const { keys: shingles, values: holder } = byShingle;
  const candidates = new Int32Array(MAX_HOLDERS + 1); // the group's indexable holders, in order
  for (let start = 0; start < total; ) {
    let end = start + 1;
    while (end < total && shingles[end] === shingles[start]) end++;
    // Most shingles have one holder; a common phrase has more than MAX_HOLDERS candidates.
    if (end - start > 1) {
      let count = 0;
      for (let k = start; k < end && count <= MAX_HOLDERS; k++) {
        const d = holder[k]!;
        if (indexable[d] && (count === 0 || candidates[count - 1] !== d)) candidates[count++] = d;
      }
      if (count <= MAX_HOLDERS) {
        // Each holder meets the earlier candidates only: linear in the group, however many
        // exact copies (which are no candidates) hold the shingle.
        for (let x = start; x < end; x++) {
          const d = holder[x]!;
          if (x > start && holder[x - 1] === d) continue; // the same paragraph holds it twice
          for (let c = 0; c < count && candidates[c]! < d; c++) {
            later.push(d);
            earlier.push(candidates[c]!);
          }
        }
      }
    }
    start = end;
  }

  // 4. Count, per paragraph, the shingles each earlier paragraph shares with it.
  // And the sort of the pairs writes where the sorted shingles stood.
  const byLater = sortPairs(later.view(), earlier.view(), bitsFor(n), byShingle);
  const counts = new Int32Array(n);
  const touched: number[] = [];
  const docs = new IntColumn();
  const shared = new IntColumn();
  const found: { doc: number; shared: number }[] = [];
  let k = 0;
  for (let j = 0; j < n; j++) {
    repeats.offsets[j] = docs.length;
    while (k < byLater.keys.length && byLater.keys[k] === j) {
      const i = byLater.values[k++]!;
      if (counts[i]!++ === 0) touched.push(i);
    }
    if (touched.length === 0) continue;
    const needed = Math.max(1, Math.ceil(MIN_STORED_SHARE * repeats.sampled[j]!));
    found.length = 0;
    for (const i of touched) {
      if (counts[i]! >= needed) found.push({ doc: i, shared: counts[i]! });
      counts[i] = 0;
    }
    touched.length = 0;
    found.sort((a, b) => b.shared - a.shared || a.doc - b.doc);
    for (let c = 0; c < found.length && c < MAX_CANDIDATES; c++) {
      docs.push(found[c]!.doc);
      shared.push(found[c]!.shared);
    }
  }
  repeats.offsets[n] = docs.length;
  repeats.docs = docs.view().slice();
  repeats.shared = shared.view().slice();
  return { ...doc, paragraphs, repeats };
}

/** The repeat candidates of a document, detecting them if no earlier pass did. */
export function repeatsOf(doc: Document): Document & { repeats: RepeatCandidates; paragraphs: ParagraphTable } {
  const withRepeats = doc.repeats && doc.paragraphs ? doc : findRepeatCandidates(doc);
  return withRepeats as Document & { repeats: RepeatCandidates; paragraphs: ParagraphTable };
}
