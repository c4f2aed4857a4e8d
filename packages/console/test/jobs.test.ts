import { describe, expect, it } from "vitest";
import { judgeOutputs, type ListedObject, type ObjectHead } from "@pagemend/pipeline";
import { classifyJob } from "../src/server/jobs.js";

const object: ListedObject = { key: "a.txt", eTag: '"e1"', size: 10, lastModified: new Date("2026-11-01T00:00:00Z") };
const head = (metadata: Record<string, string>): ObjectHead => ({ eTag: '"x"', size: 1, metadata, lastModified: undefined });
const report = (eTag: string, engine: string) => head({ "source-etag": eTag, "engine-version": engine, "rule-counts": "R0=0 R1=2 R2=5 R3=1 R4=0 R5=3", "clean-ms": "12" });
/** The heads as the clean bucket holds them, the cleaned text stamped like its report unless `text` says otherwise. */
const stored = (r: ObjectHead | undefined, error: ObjectHead | undefined, textDeleted = false) =>
  judgeOutputs('"e1"', "1.0.0", { report: r, text: r && !textDeleted ? head({ ...r.metadata }) : undefined, error });
const classify = (r: ObjectHead | undefined, error: ObjectHead | undefined, letter: { messageId: string; receiveCount: number } | undefined, engine: string) => classifyJob(object, stored(r, error), letter, engine);

describe("classifyJob", () => {
  it("cleaned: a report for this ETag by this engine, with its counts and time", () => {
    expect(classify(report('"e1"', "1.0.0"), undefined, undefined, "1.0.0")).toMatchObject({
      state: "cleaned",
      counts: { R0: 0, R1: 2, R2: 5, R3: 1, R4: 0, R5: 3 },
      cleanMs: 12,
      lastModified: "2026-11-01T00:00:00.000Z",
    });
  });

  it("stale: a report of another upload or another engine says which", () => {
    expect(classify(report('"e0"', "1.0.0"), undefined, undefined, "1.0.0")).toMatchObject({ state: "stale", detail: "source changed" });
    expect(classify(report('"e1"', "0.9.0"), undefined, undefined, "1.0.0")).toMatchObject({ state: "stale", detail: "engine 0.9.0" });
  });

  it("failed: an error record for this ETag, with its code", () => {
    const error = head({ "source-etag": '"e1"', "engine-version": "1.0.0", "error-code": "binary" });
    expect(classify(undefined, error, undefined, "1.0.0")).toMatchObject({ state: "failed", detail: "binary" });
  });

  it("dead-letter: a message in the DLQ and no current output", () => {
    const letter = { messageId: "m", receiveCount: 3 };
    expect(classify(undefined, undefined, letter, "1.0.0")).toMatchObject({ state: "dead-letter", detail: "in the dead-letter queue after 3 receives" });
    expect(classify(report('"e0"', "1.0.0"), undefined, letter, "1.0.0").state).toBe("dead-letter");
    // A current output wins: the dead letter was a duplicate of a job that did get done.
    expect(classify(report('"e1"', "1.0.0"), undefined, letter, "1.0.0").state).toBe("cleaned");
  });

  it("stale: a current report whose cleaned text was deleted", () => {
    expect(classifyJob(object, stored(report('"e1"', "1.0.0"), undefined, true), undefined, "1.0.0")).toMatchObject({ state: "stale", detail: "cleaned text missing" });
  });

  it("queued: nothing yet", () => {
    expect(classify(undefined, undefined, undefined, "1.0.0")).toMatchObject({ state: "queued", size: 10 });
  });
});
