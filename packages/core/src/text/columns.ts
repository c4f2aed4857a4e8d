/**
 * A growable column of int32: what a pass collects by the hundred thousand (shingles, pairs,
 * edit offsets) costs four bytes an entry here, against eight and a boxed growth path in a
 * JavaScript array, and lives outside the garbage-collected heap.
 */
export class IntColumn {
  private data: Int32Array<ArrayBufferLike>;
  length = 0;

  /** `storage`: an array to fill first (a spare one the caller no longer needs); it grows into a new one when full. */
  constructor(capacity = 64, storage?: Int32Array<ArrayBufferLike>) {
    this.data = storage && storage.length >= 4 ? storage : new Int32Array(Math.max(4, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** The values, as a view over the column's storage (valid until the next push). */
  view(): Int32Array<ArrayBufferLike> {
    return this.data.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const grown = new Int32Array(Math.max(needed, this.data.length * 2));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}
