import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { clean as cleanText, ENGINE_VERSION, type CleanReport } from "@pagemend/core";
import { deleteObject, getObjectBytes, headObject, putObject, type ObjectHead } from "../aws/objects.js";
import { sendMessage } from "../aws/queues.js";
import { errorKey, queuedKey, formatRuleCounts, META_CLEAN_MS, META_ERROR_CODE, META_ENGINE_VERSION, META_RULE_COUNTS, META_SOURCE_ETAG, reportKey } from "../settings.js";
import { checkBinary, checkKey, checkSize, type InputProblem } from "./inspectInput.js";
import { storedOutputs } from "./outputs.js";
import { encodeStoredReport, REPORT_ENCODING } from "./storedReport.js";
import { asciiJson, isSweepJob, type CleanJob, type DocumentCleanedMessage } from "./messages.js";

export interface CleanObjectDeps {
  s3: S3Client;
  sqs: SQSClient;
  /** The only bucket whose objects are cleaned: an event naming another is refused. */
  rawBucket: string;
  cleanBucket: string;
  cleanedQueueUrl: string;
  maxDocumentBytes: number;
  engineVersion?: string;
  now?: () => Date;
}

export type CleanOutcome =
  | { status: "cleaned"; key: string; sourceETag: string; counts: CleanReport["counts"]; bytes: number; ms: number }
  | { status: "up-to-date"; key: string; sourceETag: string }
  | { status: "failed"; key: string; sourceETag: string; error: InputProblem }
  | { status: "missing"; key: string }
  | { status: "refused"; key: string; bucket: string; message: string };

/** The record written to `_errors/<key>.json` for input that can never be cleaned. */
export interface ErrorRecord {
  bucket: string;
  key: string;
  sourceETag: string;
  engineVersion: string;
  code: InputProblem["code"];
  message: string;
  failedAt: string;
}

/**
 * Cleans one stored object into the clean bucket. Idempotent: when the output (or the error
 * record) already exists for the same source ETag and engine version, it reads two heads and
 * writes nothing. Input that can never be cleaned gets an error record and counts as done;
 * anything else that goes wrong (S3 or SQS faults) throws, so the message is retried and, if
 * the fault persists, lands in the dead-letter queue.
 *
 * Order of writes: cleaned text, then the `document.cleaned` announcement, then the report,
 * which is the commit record the up-to-date check reads. A crash before the report means the
 * whole job runs again, so consumers may see an announcement twice, never zero times.
 */
export async function cleanObject(deps: CleanObjectDeps, job: CleanJob): Promise<CleanOutcome> {
  const engineVersion = deps.engineVersion ?? ENGINE_VERSION;
  // Only raw objects are cleaned: an event naming the clean bucket would clean an output into itself.
  if (job.bucket !== deps.rawBucket) {
    return { status: "refused", key: job.key, bucket: job.bucket, message: `the job names bucket ${job.bucket}; only ${deps.rawBucket} is cleaned` };
  }
  const source = await headObject(deps.s3, job.bucket, job.key);
  if (!source) return { status: "missing", key: job.key };
  const stamp = stampOf(source, engineVersion);
  const keyProblem = checkKey(job.key);
  const previous = await storedOutputs(deps.s3, deps.cleanBucket, { key: job.key, eTag: source.eTag }, engineVersion);
  if (!job.force && (previous.staleness === undefined || previous.failed)) {
    // A sweep's job for a document cleaned meanwhile (its upload event came first): done too.
    if (keyProblem === undefined) await forgetSweepNote(deps, job);
    return { status: "up-to-date", key: job.key, sourceETag: source.eTag };
  }
  if (keyProblem) return recordFailure(deps, job, source, engineVersion, keyProblem);

  const sizeProblem = checkSize(source.size, deps.maxDocumentBytes);
  if (sizeProblem) return recordFailure(deps, job, source, engineVersion, sizeProblem);
  const bytes = await getObjectBytes(deps.s3, job.bucket, job.key, source.eTag);
  // Replaced or deleted since the head: a newer upload has its own event.
  if (!bytes) return { status: "missing", key: job.key };
  const problem = checkBinary(bytes);
  if (problem) return recordFailure(deps, job, source, engineVersion, problem);

  const started = performance.now();
  const { text, report } = cleanText(bytes);
  const ms = performance.now() - started;

  await putObject(deps.s3, { bucket: deps.cleanBucket, key: job.key, body: text, contentType: "text/plain; charset=utf-8", metadata: stamp });
  const announcement: DocumentCleanedMessage = {
    type: "document.cleaned",
    bucket: deps.cleanBucket,
    key: job.key,
    reportKey: reportKey(job.key),
    sourceBucket: job.bucket,
    sourceETag: source.eTag,
    engineVersion,
    counts: report.counts,
    cleanedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await sendMessage(deps.sqs, deps.cleanedQueueUrl, asciiJson(announcement));
  const stored = { source: { bucket: job.bucket, key: job.key, eTag: source.eTag, bytes: source.size }, job: { reason: job.reason, cleanMs: Math.round(ms) }, ...report };
  // The counts and time ride along as metadata too, so a listing (the console) reads them from a head.
  const reportStamp = { ...stamp, [META_RULE_COUNTS]: formatRuleCounts(report.counts), [META_CLEAN_MS]: String(Math.round(ms)) };
  await putObject(deps.s3, {
    bucket: deps.cleanBucket,
    key: reportKey(job.key),
    body: encodeStoredReport(stored),
    contentType: "application/json",
    contentEncoding: REPORT_ENCODING,
    metadata: reportStamp,
  });
  // An earlier failure of this key is history now, and so is the sweep's note of a queued job.
  if (previous.error) await deleteObject(deps.s3, deps.cleanBucket, errorKey(job.key));
  await forgetSweepNote(deps, job);
  return { status: "cleaned", key: job.key, sourceETag: source.eTag, counts: report.counts, bytes: source.size, ms };
}

/** A job the sweep enqueued is done: its note under `_queued/` goes, so that later sweeps look again. */
async function forgetSweepNote(deps: CleanObjectDeps, job: CleanJob): Promise<void> {
  if (isSweepJob(job)) await deleteObject(deps.s3, deps.cleanBucket, queuedKey(job.key));
}

/** The metadata that ties an output or an error record to its source and engine. */
function stampOf(source: ObjectHead, engineVersion: string): Record<string, string> {
  return { [META_SOURCE_ETAG]: source.eTag, [META_ENGINE_VERSION]: engineVersion };
}

async function recordFailure(deps: CleanObjectDeps, job: CleanJob, source: ObjectHead, engineVersion: string, problem: InputProblem): Promise<CleanOutcome> {
  const record: ErrorRecord = {
    bucket: job.bucket,
    key: job.key,
    sourceETag: source.eTag,
    engineVersion,
    code: problem.code,
    message: problem.message,
    failedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await putObject(deps.s3, {
    bucket: deps.cleanBucket,
    key: errorKey(job.key),
    body: JSON.stringify(record, null, 2),
    contentType: "application/json",
    metadata: { ...stampOf(source, engineVersion), [META_ERROR_CODE]: problem.code },
  });
  // An output made from an earlier upload of this key would now be a lie. A key that can have
  // no outputs has none to delete, and what stands at its name belongs to another key.
  if (checkKey(job.key) === undefined) {
    await deleteObject(deps.s3, deps.cleanBucket, reportKey(job.key));
    await deleteObject(deps.s3, deps.cleanBucket, job.key);
    await forgetSweepNote(deps, job);
  }
  return { status: "failed", key: job.key, sourceETag: source.eTag, error: problem };
}
