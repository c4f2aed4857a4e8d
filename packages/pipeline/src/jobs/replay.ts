import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { headObject } from "../aws/objects.js";
import { deleteMessages, receiveMessages, sendMessages } from "../aws/queues.js";
import { jobMessageBody } from "./messages.js";

export interface ReplayDeps {
  s3: S3Client;
  sqs: SQSClient;
  rawBucket: string;
  ingestQueueUrl: string;
  deadLetterQueueUrl: string;
}

export class UnknownKeyError extends Error {
  override name = "UnknownKeyError";
}

/**
 * Enqueues one key again. Like any redelivery it does nothing when the output is current (same
 * source ETag and engine version) unless `force` is set.
 */
export async function replayKey(deps: ReplayDeps, input: { key: string; force?: boolean }): Promise<{ key: string; eTag: string }> {
  const head = await headObject(deps.s3, deps.rawBucket, input.key);
  if (!head) throw new UnknownKeyError(`no object ${JSON.stringify(input.key)} in bucket ${deps.rawBucket}`);
  await sendMessages(deps.sqs, deps.ingestQueueUrl, [jobMessageBody({ bucket: deps.rawBucket, key: input.key, force: input.force ?? false, reason: "replay" })]);
  return { key: input.key, eTag: head.eTag };
}

/**
 * Moves up to `max` messages from the dead-letter queue back to the ingest queue, unchanged.
 * Each batch is sent before it is deleted, so a crash in between duplicates, never loses.
 */
export async function redriveDeadLetters(deps: ReplayDeps, input: { max?: number } = {}): Promise<{ moved: number }> {
  const max = input.max ?? 1000;
  let moved = 0;
  while (moved < max) {
    const messages = await receiveMessages(deps.sqs, deps.deadLetterQueueUrl, { max: Math.min(10, max - moved), waitSeconds: 0, visibilityTimeout: 60 });
    if (messages.length === 0) break;
    await sendMessages(deps.sqs, deps.ingestQueueUrl, messages.map((m) => m.Body ?? ""));
    await deleteMessages(deps.sqs, deps.deadLetterQueueUrl, messages.map((m) => m.ReceiptHandle ?? ""));
    moved += messages.length;
  }
  return { moved };
}
