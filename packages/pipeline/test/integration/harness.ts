import { decodeStoredReport } from "../../src/jobs/storedReport.js";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { AwsClients } from "../../src/aws/clients.js";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { queueDepth } from "../../src/aws/queues.js";
export { queueDepth };
import { startLocalPipeline, type LocalPipeline, type LocalPipelineOptions } from "../../src/local/runtime.js";

/**
 * The local pipeline on the embedded emulator, on a free port, with a 1-second visibility
 * timeout so that retries happen within a test. Everything goes through the real SDK clients.
 */
export async function startTestPipeline(options: LocalPipelineOptions = {}): Promise<{ pipeline: LocalPipeline; log: string[]; faults: FaultInjector; writes: WriteCounter }> {
  const log: string[] = [];
  const faults = new FaultInjector();
  const writes = new WriteCounter();
  const pipeline = await startLocalPipeline({
    port: 0,
    visibilityTimeoutSeconds: 1,
    reprocessEverySeconds: 0,
    log: (line) => log.push(line),
    configureCleanClients: (clients: AwsClients) => {
      writes.install(clients);
      faults.install(clients.s3);
    },
    ...options,
  });
  return { pipeline, log, faults, writes };
}

/**
 * Makes matching S3 requests of the clean handler answer HTTP 500 InternalError, below the
 * SDK's retry layer, so the SDK retries them as it would a real S3 fault.
 */
export class FaultInjector {
  private rules: Array<{ command: string; keyPrefix: string; remaining: number }> = [];
  injected = 0;

  failS3(command: string, keyPrefix: string, times = Infinity): void {
    this.rules.push({ command, keyPrefix, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  install(s3: S3Client): void {
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? "";
        const command = (context.commandName ?? "").replace(/Command$/, "");
        const rule = this.rules.find((r) => r.command === command && key.startsWith(r.keyPrefix) && r.remaining > 0);
        if (!rule) return next(args);
        rule.remaining--;
        this.injected++;
        const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected fault</Message></Error>`;
        const response = { statusCode: 500, reason: "Internal Server Error", headers: { "content-type": "application/xml" }, body: new Blob([body]).stream() };
        return { response, output: undefined } as never;
      },
      { step: "deserialize", priority: "low", name: "injectFault" },
    );
  }
}

/** Counts the clean handler's writes (S3 puts and deletes, SQS sends). */
export class WriteCounter {
  count = 0;
  install(clients: AwsClients): void {
    const writing = /^(Put|Delete|Send|Copy)/;
    for (const client of [clients.s3, clients.sqs] as Array<S3Client | SQSClient>) {
      (client as S3Client).middlewareStack.add(
        (next, context) => async (args) => {
          if (writing.test(context.commandName ?? "")) this.count++;
          return next(args);
        },
        { step: "initialize", name: "countWrites" },
      );
    }
  }
}

export async function upload(pipeline: LocalPipeline, key: string, body: string | Uint8Array): Promise<string> {
  const put = await pipeline.clients.s3.send(new PutObjectCommand({ Bucket: pipeline.resources.rawBucket, Key: key, Body: body }));
  return put.ETag ?? "";
}

/** A bucket the local pipeline does not watch (its bridge notifies only for its own raw bucket). */
export async function createBucket(pipeline: LocalPipeline, bucket: string): Promise<void> {
  await pipeline.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

export async function readText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body?.transformToString("utf-8");
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

/** A stored report's JSON text (it is stored gzip-compressed), or undefined when there is none. */
export async function readReport(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await object.Body?.transformToByteArray();
    return bytes && decodeStoredReport(bytes);
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

export async function listKeys(s3: S3Client, bucket: string, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
