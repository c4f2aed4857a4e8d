export interface SortedPairs {
  keys: Int32Array<ArrayBufferLike>;
  values: Int32Array<ArrayBufferLike>;
  /** The other two arrays the sort wrote through (the inputs or the scratch), free for the caller to reuse. */
  spare: { keys: Int32Array<ArrayBufferLike>; values: Int32Array<ArrayBufferLike> };
}

/**
 * LSD radix sort of (key, value) pairs by unsigned key, stable: sequential passes over
 * typed arrays instead of the random probes of a hash table, which on a large document
 * cost a cache miss each. The sorted pairs end up in the inputs or in `scratch` (allocated
 * when not given, each at least as long as the input); the arrays they do not use come back
 * as `spare`.
 */
export function sortPairs(keys: Int32Array, values: Int32Array, keyBits = 32, scratch?: { keys: Int32Array; values: Int32Array }): SortedPairs {
  const n = keys.length;
  let k: Int32Array<ArrayBufferLike> = keys;
  let v: Int32Array<ArrayBufferLike> = values;
  let k2: Int32Array<ArrayBufferLike> = scratch && scratch.keys.length >= n ? scratch.keys.subarray(0, n) : new Int32Array(n);
  let v2: Int32Array<ArrayBufferLike> = scratch && scratch.values.length >= n ? scratch.values.subarray(0, n) : new Int32Array(n);
  const RADIX_BITS = 11;
  const counts = new Int32Array(1 << RADIX_BITS);
  for (let shift = 0; shift < keyBits; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(k[i]! >>> shift) & 0x7ff]!++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(k[i]! >>> shift) & 0x7ff]!++;
      k2[at] = k[i]!;
      v2[at] = v[i]!;
    }
    [k, k2] = [k2, k];
    [v, v2] = [v2, v];
  }
  return { keys: k, values: v, spare: { keys: k2, values: v2 } };
}

/** Bits needed for values below `n`. */
export function bitsFor(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(2, n))));
}
