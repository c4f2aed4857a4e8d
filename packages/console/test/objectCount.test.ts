import { describe, expect, it } from "vitest";
import { ObjectCount } from "../src/server/objectCount.js";

/** A count the test finishes by hand, to put uploads in the middle of one. */
function manualCounts() {
  const pending: Array<(n: number) => void> = [];
  return { count: () => new Promise<number>((resolve) => pending.push(resolve)), finish: (n: number) => pending.shift()!(n), started: () => pending.length };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the summary's object count", () => {
  it("shows the last count without waiting, and counts again when it is old", async () => {
    let clock = 0;
    const counts = manualCounts();
    const objects = new ObjectCount(counts.count, 30_000, () => clock);
    expect(objects.read()).toBeNull();
    counts.finish(37);
    await settle();
    expect(objects.read()).toBe(37);
    expect(counts.started()).toBe(0);
    clock += 31_000;
    expect(objects.read()).toBe(37);
    expect(counts.started()).toBe(1);
  });

  it("counts again after uploads that came while a count ran, however fresh that count is", async () => {
    const counts = manualCounts();
    const objects = new ObjectCount(counts.count, 30_000, () => 0);
    objects.read();
    objects.changed(); // a burst begins while the first count runs
    counts.finish(37);
    await settle();
    expect(objects.read()).toBe(37); // shown, but a new count starts at once
    expect(counts.started()).toBe(1);
    counts.finish(3090);
    await settle();
    expect(objects.read()).toBe(3090);
  });
});
