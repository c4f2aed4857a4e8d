import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { cleanObject, type CleanObjectDeps, type CleanOutcome } from "../jobs/cleanObject.js";
import { parseIngestMessage } from "../jobs/messages.js";
import { CleanMetrics } from "./cleanMetrics.js";

export interface CleanHandlerOptions {
  logger: Logger;
  /** Where each invocation's counts go as CloudWatch metrics (in Lambda); none locally. */
  metrics?: Metrics;
  /** Told of every finished job (the local runtime prints them). */
  onOutcome?: (outcome: CleanOutcome) => void;
  /** Told of every record that failed and will be retried. */
  onRetry?: (error: unknown, record: SQSRecord) => void;
}

/**
 * The ingest queue's consumer: each record is cleaned on its own, and the response lists the
 * records that failed, so SQS retries those alone (partial batch response).
 */
export function createCleanHandler(deps: CleanObjectDeps, options: CleanHandlerOptions) {
  const { logger } = options;
  const metrics = options.metrics ? new CleanMetrics(options.metrics) : undefined;
  const recordHandler = async (record: SQSRecord) => {
    try {
      await handleRecord(record);
    } catch (error) {
      logger.error("record failed; SQS will deliver it again", { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
      metrics?.retried();
      options.onRetry?.(error, record);
      throw error;
    }
  };
  const handleRecord = async (record: SQSRecord) => {
    for (const job of parseIngestMessage(record.body)) {
      const outcome = await cleanObject(deps, job);
      const { status, key } = outcome;
      if (status === "failed") logger.warn("input cannot be cleaned", { key, reason: job.reason, error: outcome.error });
      else if (status === "refused") logger.error("job refused", { key, bucket: outcome.bucket, reason: job.reason, message: outcome.message });
      else logger.info(`job ${status}`, { key, reason: job.reason, ...(status === "cleaned" ? { counts: outcome.counts, ms: Math.round(outcome.ms) } : {}) });
      metrics?.outcome(outcome);
      options.onOutcome?.(outcome);
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    try {
      // One at a time: cleaning is CPU-bound, and ten documents in flight would hold ten inputs.
      return await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
    } finally {
      metrics?.publish();
    }
  };
}
