import type { SQSClient, Message } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { deleteMessages, receiveMessages } from "../aws/queues.js";
import { lambdaContext } from "./lambdaContext.js";

export interface QueuePoller {
  /** Resolves when every batch in flight has finished. */
  stop(): Promise<void>;
}

/**
 * What Lambda's SQS event source does, for the local runtime: receive up to `batchSize`
 * messages, call the handler with them in Lambda's event shape, delete the ones it did not
 * report as failed. Failed ones stay in the queue, come back after the visibility timeout
 * and move to the dead-letter queue after the redrive policy's receive count.
 */
export function startQueuePoller(options: {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  /** Batches in flight at once, like a function's concurrency. */
  concurrency: number;
  functionTimeoutMs: number;
  handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  onError: (error: unknown) => void;
}): QueuePoller {
  const abort = new AbortController();
  const loop = async () => {
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        messages = await receiveMessages(options.sqs, options.queueUrl, { max: options.batchSize, waitSeconds: 1 }, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onError(error);
        await sleep(1000);
        continue;
      }
      if (messages.length === 0) continue;
      const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options.queueArn, options.region)) };
      let failed: Set<string>;
      try {
        const response = await options.handler(event, lambdaContext("clean", options.functionTimeoutMs));
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        // A thrown handler fails the whole batch, as in Lambda (Powertools throws when every record failed).
        options.onError(error);
        failed = new Set(event.Records.map((r) => r.messageId));
      }
      const done = messages.filter((m) => !failed.has(m.MessageId ?? ""));
      try {
        await deleteMessages(options.sqs, options.queueUrl, done.map((m) => m.ReceiptHandle ?? ""));
      } catch (error) {
        options.onError(error);
      }
    }
  };
  const running = Array.from({ length: options.concurrency }, loop);
  return {
    stop: async () => {
      abort.abort();
      await Promise.allSettled(running);
    },
  };
}

function toRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
