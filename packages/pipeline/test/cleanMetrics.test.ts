import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CleanMetrics } from "../src/handlers/cleanMetrics.js";

/** The EMF documents Powertools writes to standard output while `run` runs. */
function emfWrittenBy(run: () => void): Array<Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } }> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return lines.flatMap((l) => l.split("\n")).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
}

const metricsFor = () => new Metrics({ namespace: "pagemend", serviceName: "pagemend", defaultDimensions: { stage: "test" } });
const cleaned = (counts: Record<string, number>) => ({ status: "cleaned" as const, key: "a.txt", sourceETag: '"e"', counts: counts as never, bytes: 10, ms: 1 });

describe("the clean handler's metrics", () => {
  afterEach(() => vi.restoreAllMocks());

  it("counts each outcome once per batch, and edits per rule as one series each", () => {
    const metrics = new CleanMetrics(metricsFor());
    const emf = emfWrittenBy(() => {
      metrics.outcome(cleaned({ R0: 0, R1: 2, R2: 5 }));
      metrics.outcome(cleaned({ R0: 0, R1: 1, R2: 0 }));
      metrics.outcome({ status: "up-to-date", key: "b.txt", sourceETag: '"e"' });
      metrics.outcome({ status: "failed", key: "c.txt", sourceETag: '"e"', error: { code: "empty", message: "empty" } as never });
      metrics.retried();
      metrics.publish();
    });
    const outcomes = emf.find((d) => "DocumentsCleaned" in d)!;
    expect(outcomes).toMatchObject({ DocumentsCleaned: 2, DocumentsSkipped: 1, DocumentsFailed: 1, RecordsRetried: 1, service: "pagemend", stage: "test" });
    expect(outcomes._aws.CloudWatchMetrics[0]!.Namespace).toBe("pagemend");
    const edits = emf.filter((d) => "Edits" in d).map((d) => [d.rule, d.Edits, d._aws.CloudWatchMetrics[0]!.Dimensions[0]]);
    // R0 made no edit: no series point for it.
    expect(edits.sort()).toEqual([
      ["R1", 3, expect.arrayContaining(["rule", "stage", "service"])],
      ["R2", 5, expect.arrayContaining(["rule", "stage", "service"])],
    ]);
  });

  it("writes nothing for a batch that did nothing, and starts each batch from zero", () => {
    const metrics = new CleanMetrics(metricsFor());
    expect(emfWrittenBy(() => metrics.publish())).toEqual([]);
    emfWrittenBy(() => {
      metrics.outcome(cleaned({ R1: 1 }));
      metrics.publish();
    });
    const second = emfWrittenBy(() => {
      metrics.outcome(cleaned({ R1: 4 }));
      metrics.publish();
    });
    expect(second.find((d) => "Edits" in d)).toMatchObject({ Edits: 4 });
    expect(second.find((d) => "DocumentsCleaned" in d)).toMatchObject({ DocumentsCleaned: 1 });
  });
});
