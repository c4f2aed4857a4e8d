import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { ENGINE_VERSION } from "@pagemend/core";
import { headObject, listObjectsPage, putObject, type ListedObject } from "../aws/objects.js";
import { META_ENGINE_VERSION, META_SOURCE_ETAG, outputsFit, PIPELINE_SETTINGS, queuedKey } from "../settings.js";
import { sendMessages } from "../aws/queues.js";
import { stampStaleness, storedOutputs } from "./outputs.js";
import { mapWithConcurrency } from "./concurrency.js";
import { jobMessageBody, sweepReason } from "./messages.js";

export interface ReprocessDeps {
  s3: S3Client;
  sqs: SQSClient;
  rawBucket: string;
  cleanBucket: string;
  ingestQueueUrl: string;
  engineVersion?: string;
  /** Keys listed per S3 page (1000, the S3 maximum, unless a test wants small pages). */
  pageSize?: number;
  /** Heads in flight while checking a page. */
  concurrency?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/** Where a sweep is: what it covers and the last key it has dealt with. */
export interface SweepPosition {
  prefix: string;
  /** Re-enqueue everything under the prefix, up to date or not. */
  force: boolean;
  /** The last key already dealt with; the sweep goes on after it. */
  startAfter?: string | undefined;
}

export interface SweepProgress {
  done: boolean;
  /** Where the next invocation starts, when not done. */
  next?: SweepPosition;
  scanned: number;
  enqueued: number;
  /** Enqueued per reason, e.g. `{"no output": 3, "engine 0.1.0": 12}`. */
  reasons: Record<string, number>;
  /** Stale, but enqueued by an earlier sweep and not done yet: left waiting. */
  waiting: number;
}

/** Keys checked between two looks at the clock. */
const CHUNK = 100;

/**
 * Lists the raw bucket page by page and enqueues a clean job for each object whose output is
 * missing, was made from another source ETag or by another engine version (or every object,
 * with `force`). Objects with an error record for the same ETag and engine are left alone:
 * they would fail the same way. Stops while `timeLeftMs()` still exceeds `reserveMs` and
 * says where to go on, so a caller inside a Lambda time budget never gets cut off mid-page.
 */
export async function sweepForStaleOutputs(
  deps: ReprocessDeps,
  position: SweepPosition,
  budget: { timeLeftMs: () => number; reserveMs: number },
): Promise<SweepProgress> {
  const engineVersion = deps.engineVersion ?? ENGINE_VERSION;
  const progress: SweepProgress = { done: false, scanned: 0, enqueued: 0, reasons: {}, waiting: 0 };
  const now = deps.now ?? Date.now;
  let startAfter = position.startAfter;
  for (;;) {
    if (budget.timeLeftMs() < budget.reserveMs) return { ...progress, next: { ...position, startAfter } };
    const page = await listObjectsPage(deps.s3, { bucket: deps.rawBucket, prefix: position.prefix, startAfter, maxKeys: deps.pageSize ?? 1000 });
    for (let i = 0; i < page.objects.length; i += CHUNK) {
      if (i > 0 && budget.timeLeftMs() < budget.reserveMs) return { ...progress, next: { ...position, startAfter } };
      const chunk = page.objects.slice(i, i + CHUNK);
      const reasons = position.force
        ? chunk.map(() => "forced")
        : await mapWithConcurrency(chunk, deps.concurrency ?? 16, async (object) => {
            const reason = await staleReason(deps, object, engineVersion);
            return reason !== undefined && (await isWaiting(deps, object, engineVersion, now())) ? WAITING : reason;
          });
      const jobs: string[] = [];
      const enqueued: ListedObject[] = [];
      chunk.forEach((object, j) => {
        const reason = reasons[j];
        if (reason === undefined) return;
        if (reason === WAITING) {
          progress.waiting++;
          return;
        }
        progress.reasons[reason] = (progress.reasons[reason] ?? 0) + 1;
        jobs.push(jobMessageBody({ bucket: deps.rawBucket, key: object.key, force: position.force, reason: sweepReason(reason) }));
        enqueued.push(object);
      });
      await sendMessages(deps.sqs, deps.ingestQueueUrl, jobs);
      // Noted after the send: a crash between the two re-enqueues at worst, never loses a job.
      await mapWithConcurrency(enqueued, deps.concurrency ?? 16, (object) => noteQueued(deps, object, engineVersion, now()));
      progress.scanned += chunk.length;
      progress.enqueued += jobs.length;
      startAfter = chunk[chunk.length - 1]?.key ?? startAfter;
    }
    if (!page.more) return { ...progress, done: true };
  }
}

const WAITING = "\u0000waiting";
const META_QUEUED_AT = "queued-at";

/** A job for this very upload and engine that an earlier sweep enqueued, younger than `queuedJobSeconds`. */
async function isWaiting(deps: Pick<ReprocessDeps, "s3" | "cleanBucket">, object: ListedObject, engineVersion: string, now: number): Promise<boolean> {
  if (!outputsFit(object.key)) return false;
  const marker = await headObject(deps.s3, deps.cleanBucket, queuedKey(object.key));
  if (!marker || stampStaleness(marker.metadata, object.eTag, engineVersion) !== undefined) return false;
  return now - Number(marker.metadata[META_QUEUED_AT] ?? 0) < PIPELINE_SETTINGS.queuedJobSeconds * 1000;
}

/** Notes that a job for this upload is queued; the clean job deletes the note when it is done. */
async function noteQueued(deps: Pick<ReprocessDeps, "s3" | "cleanBucket">, object: ListedObject, engineVersion: string, now: number): Promise<void> {
  if (!outputsFit(object.key)) return;
  await putObject(deps.s3, {
    bucket: deps.cleanBucket,
    key: queuedKey(object.key),
    body: "",
    metadata: { [META_SOURCE_ETAG]: object.eTag, [META_ENGINE_VERSION]: engineVersion, [META_QUEUED_AT]: String(now) },
  });
}

/** Why an object needs cleaning again, or undefined when its output (or its error record) is current. */
export async function staleReason(deps: Pick<ReprocessDeps, "s3" | "cleanBucket">, object: ListedObject, engineVersion: string): Promise<string | undefined> {
  const outputs = await storedOutputs(deps.s3, deps.cleanBucket, object, engineVersion);
  return outputs.failed ? undefined : outputs.staleness;
}
