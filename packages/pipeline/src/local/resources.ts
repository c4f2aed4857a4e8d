import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { PIPELINE_SETTINGS } from "../settings.js";

export interface LocalQueue {
  url: string;
  arn: string;
}

export interface LocalResources {
  rawBucket: string;
  cleanBucket: string;
  ingest: LocalQueue;
  deadLetter: LocalQueue;
  cleaned: LocalQueue;
}

export interface ResourceNames {
  rawBucket: string;
  cleanBucket: string;
  ingestQueue: string;
  deadLetterQueue: string;
  cleanedQueue: string;
}

export const DEFAULT_RESOURCE_NAMES: ResourceNames = {
  rawBucket: "raw",
  cleanBucket: "clean",
  ingestQueue: "pagemend-ingest",
  deadLetterQueue: "pagemend-ingest-dlq",
  cleanedQueue: "pagemend-cleaned",
};

/**
 * Creates (or finds) the buckets and queues with the stack's settings: the ingest queue's
 * visibility timeout and its redrive to the dead-letter queue after `maxReceiveCount` receives.
 * Through the SDK, so that it works the same against any S3/SQS endpoint.
 */
export async function ensureResources(
  clients: { s3: S3Client; sqs: SQSClient },
  names: ResourceNames,
  settings: { visibilityTimeoutSeconds: number; maxReceiveCount: number } = {
    visibilityTimeoutSeconds: PIPELINE_SETTINGS.ingestVisibilityTimeoutSeconds,
    maxReceiveCount: PIPELINE_SETTINGS.maxReceiveCount,
  },
): Promise<LocalResources> {
  for (const bucket of [names.rawBucket, names.cleanBucket]) {
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
    }
  }
  const retention = String(PIPELINE_SETTINGS.deadLetterRetentionDays * 86_400);
  const deadLetter = await ensureQueue(clients.sqs, names.deadLetterQueue, { MessageRetentionPeriod: retention });
  const ingest = await ensureQueue(clients.sqs, names.ingestQueue, {
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: settings.maxReceiveCount }),
  });
  const cleaned = await ensureQueue(clients.sqs, names.cleanedQueue, {});
  return { rawBucket: names.rawBucket, cleanBucket: names.cleanBucket, ingest, deadLetter, cleaned };
}

async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<LocalQueue> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl ?? "";
  const described = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
  return { url, arn: described.Attributes?.QueueArn ?? "" };
}
