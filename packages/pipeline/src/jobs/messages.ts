import * as z from "zod/mini";

/**
 * The messages the pipeline reads and writes, validated at the edge. The ingest queue carries
 * S3 event notifications (from the bucket, or from the local bridge) and pagemend's own job
 * messages (from reprocess and replay); the cleaned queue carries `document.cleaned`.
 */

/** One object to clean. `force` cleans even when an up-to-date output exists (replay). */
export interface CleanJob {
  bucket: string;
  key: string;
  force: boolean;
  /** Why the job exists: `s3:ObjectCreated:Put`, `reprocess: engine 0.1.0 -> 0.2.0`, `replay`. */
  reason: string;
}

const s3EventRecord = z.object({
  eventSource: z.literal("aws:s3"),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({ key: z.string().check(z.minLength(1)), size: z.optional(z.number()), eTag: z.optional(z.string()) }),
  }),
});

const s3Notification = z.object({ Records: z.array(s3EventRecord) });

/** S3 sends this once when a notification is configured; it names no object. */
const s3TestEvent = z.object({ Event: z.literal("s3:TestEvent") });

export const JOB_MESSAGE_TYPE = "pagemend.clean";

/** What the reasons of the reprocess sweep's jobs start with (`reprocess: engine 0.1.0`). */
const SWEEP_REASON = "reprocess:";
/** The reason of a job the sweep enqueues, for why the output is stale. */
export const sweepReason = (staleness: string): string => `${SWEEP_REASON} ${staleness}`;
/** The job was enqueued by the sweep (which noted it under `_queued/`). */
export const isSweepJob = (job: Pick<CleanJob, "reason">): boolean => job.reason.startsWith(SWEEP_REASON);

const jobMessage = z.object({
  type: z.literal(JOB_MESSAGE_TYPE),
  bucket: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  force: z._default(z.boolean(), false),
  reason: z._default(z.string(), "job"),
});

export class MalformedMessageError extends Error {
  override name = "MalformedMessageError";
}

/**
 * The jobs in one ingest message body: none for `s3:TestEvent` and for events other than
 * object creation, one per created object otherwise. Anything unrecognised throws, so that
 * the message ends in the dead-letter queue where it can be read, rather than vanishing.
 */
export function parseIngestMessage(body: string): CleanJob[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedMessageError(`ingest message is not JSON: ${body.slice(0, 80)}`);
  }
  if (s3TestEvent.safeParse(json).success) return [];
  const job = jobMessage.safeParse(json);
  if (job.success) return [{ bucket: job.data.bucket, key: job.data.key, force: job.data.force, reason: job.data.reason }];
  const notification = s3Notification.safeParse(json);
  if (notification.success) {
    return notification.data.Records.filter((r) => r.eventName.startsWith("ObjectCreated:")).map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeS3EventKey(r.s3.object.key),
      force: false,
      reason: `s3:${r.eventName}`,
    }));
  }
  throw new MalformedMessageError(`ingest message is neither an S3 event nor a ${JOB_MESSAGE_TYPE} job: ${body.slice(0, 80)}`);
}

/** S3 event keys are form-encoded: `+` is a space, `%2B` a plus, UTF-8 percent-escaped. */
export function decodeS3EventKey(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, " "));
}

/** The inverse, as S3 writes it: spaces as `+`, slashes left readable. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

export function jobMessageBody(job: Omit<CleanJob, "force"> & { force?: boolean }): string {
  return asciiJson({ type: JOB_MESSAGE_TYPE, bucket: job.bucket, key: job.key, force: job.force ?? false, reason: job.reason });
}

/** The standard S3 notification a bucket sends for a created object (used by the local bridge). */
export function s3CreatedEventBody(input: { bucket: string; key: string; size: number; eTag: string; region: string; eventName?: string; time?: Date }): string {
  const time = input.time ?? new Date();
  return asciiJson({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: input.region,
        eventTime: time.toISOString(),
        eventName: input.eventName ?? "ObjectCreated:Put",
        userIdentity: { principalId: "local" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": "local", "x-amz-id-2": "local" },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "pagemend-local-bridge",
          bucket: { name: input.bucket, ownerIdentity: { principalId: "local" }, arn: `arn:aws:s3:::${input.bucket}` },
          object: { key: encodeS3EventKey(input.key), size: input.size, eTag: input.eTag.replace(/"/g, ""), sequencer: time.getTime().toString(16).toUpperCase() },
        },
      },
    ],
  });
}

/** What downstream consumers receive on the cleaned queue. */
export const documentCleanedMessage = z.object({
  type: z.literal("document.cleaned"),
  bucket: z.string(),
  key: z.string(),
  reportKey: z.string(),
  sourceBucket: z.string(),
  sourceETag: z.string(),
  engineVersion: z.string(),
  counts: z.record(z.string(), z.number()),
  cleanedAt: z.string(),
});
export type DocumentCleanedMessage = z.infer<typeof documentCleanedMessage>;

/**
 * JSON with every non-ASCII character escaped. Keys and reasons can hold any character, and
 * some SQS implementations (the local emulator among them) reject astral characters in bodies.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
