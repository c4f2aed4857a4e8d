import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { CleanOutcome } from "../jobs/cleanObject.js";

/** The CloudWatch metric each job's outcome counts toward (namespace `pagemend`). */
export const OUTCOME_METRICS = {
  cleaned: "DocumentsCleaned",
  "up-to-date": "DocumentsSkipped",
  failed: "DocumentsFailed",
  missing: "DocumentsMissing",
  refused: "DocumentsRefused",
} as const satisfies Record<CleanOutcome["status"], string>;

/** Records that threw and that SQS will deliver again. */
export const RETRY_METRIC = "RecordsRetried";
/** Edits made, one series per rule (dimension `rule`: R0 … R5). */
export const EDITS_METRIC = "Edits";

/**
 * What one invocation of the clean handler did, as CloudWatch metrics in the embedded metric
 * format (Powertools): written to the log as JSON, so a dashboard or an alarm reads them without
 * parsing log lines. Counts are summed over the batch and published once, at its end.
 */
export class CleanMetrics {
  private readonly counts = new Map<string, number>();
  private readonly editsByRule = new Map<string, number>();

  constructor(private readonly metrics: Metrics) {}

  outcome(outcome: CleanOutcome): void {
    add(this.counts, OUTCOME_METRICS[outcome.status], 1);
    if (outcome.status !== "cleaned") return;
    for (const [rule, count] of Object.entries(outcome.counts)) add(this.editsByRule, rule, count);
  }

  retried(): void {
    add(this.counts, RETRY_METRIC, 1);
  }

  /** Writes what was counted; nothing when the batch did nothing. */
  publish(): void {
    for (const [name, count] of this.counts) this.metrics.addMetric(name, MetricUnit.Count, count);
    // One series per rule needs its own dimension, hence a single metric each.
    for (const [rule, count] of this.editsByRule) {
      if (count > 0) this.metrics.singleMetric().addDimension("rule", rule).addMetric(EDITS_METRIC, MetricUnit.Count, count);
    }
    this.counts.clear();
    this.editsByRule.clear();
    if (this.metrics.hasStoredMetrics()) this.metrics.publishStoredMetrics();
  }
}

function add(counts: Map<string, number>, key: string, n: number): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}
