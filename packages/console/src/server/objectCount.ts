/**
 * The raw bucket's object count for the summary. Counting a large bucket takes many listings,
 * so the summary never waits for one: it shows the last count (null until the first is done)
 * while the next runs. A count is redone when it is older than `maxAgeMs`, or when an upload
 * came since it began: a count that was running during uploads is already old when it ends
 * (a bucket of 3,090 objects once showed the 37 counted before a burst).
 */
export class ObjectCount {
  private value: number | null = null;
  private at = Number.NEGATIVE_INFINITY;
  private running = false;
  private stale = false;

  constructor(
    private readonly count: () => Promise<number>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last count, starting another when it is due. */
  read(): number | null {
    if (!this.running && (this.stale || this.now() - this.at > this.maxAgeMs)) {
      this.running = true;
      this.stale = false;
      void this.count()
        .then((value) => {
          this.value = value;
          this.at = this.now();
        })
        .catch(() => {})
        .finally(() => (this.running = false));
    }
    return this.value;
  }

  /** An object was uploaded: the count (running or done) no longer holds. */
  changed(): void {
    this.stale = true;
  }
}
