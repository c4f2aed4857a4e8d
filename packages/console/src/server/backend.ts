import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";

/** The names the console reads and writes: a deployed stage's, or the local pipeline's. */
export interface ConsoleResources {
  rawBucket: string;
  cleanBucket: string;
  ingestQueueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * What the console runs on. Reading (jobs, documents, dead letters) goes straight to S3 and
 * SQS, the same way for a stage and for the local pipeline; the actions differ: locally they
 * call the pipeline's handlers in process, on a stage they invoke its Lambda functions.
 */
export interface ConsoleBackend {
  /** Says where the console looks, e.g. `local pipeline (http://127.0.0.1:4566)` or `stage prod`. */
  label: string;
  s3: S3Client;
  sqs: SQSClient;
  resources: ConsoleResources;
  /** The engine version outputs are compared with (the one the clean function runs). */
  engineVersion: string;
  replay(key: string, force: boolean): Promise<unknown>;
  reprocess(prefix: string, force: boolean): Promise<unknown>;
  redrive(): Promise<unknown>;
  /** Live updates: keys whose state changed. Without it, the pages refresh on a timer. */
  subscribe?(listener: (change: JobChange) => void): () => void;
}

export interface JobChange {
  key: string;
  /** What happened: `uploaded`, `cleaned`, `failed`, … */
  what: string;
}
