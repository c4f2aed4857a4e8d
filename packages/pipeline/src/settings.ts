import { createHash } from "node:crypto";

/**
 * The pipeline's fixed settings, shared by the SST stack and the local runtime so that a
 * laptop runs with what AWS runs with.
 */
export const PIPELINE_SETTINGS = {
  /** Seconds the clean function may run for one batch. */
  cleanTimeoutSeconds: 120,
  /** AWS's advice for SQS-triggered functions: at least 6x the function's timeout. */
  ingestVisibilityTimeoutSeconds: 6 * 120,
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 3,
  /** Records per clean invocation. */
  batchSize: 10,
  /** Documents over this size get a `too-large` error record instead of a clean. */
  maxDocumentBytes: 16 * 1024 * 1024,
  /** Days the dead-letter queue keeps a message (the SQS maximum). */
  deadLetterRetentionDays: 14,
  /** Days the ingest and cleaned queues keep a message nobody took. */
  queueRetentionDays: 4,
  /** Clean functions the ingest queue may run at once (a bulk upload waits in the queue instead of taking the account's concurrency). */
  cleanMaxConcurrency: 10,
  /** Days the clean bucket keeps a cleaned text or report after it is overwritten or deleted. */
  noncurrentVersionDays: 30,
  /** Days the prod stage's access-log bucket keeps a log object. */
  accessLogDays: 365,
  /** Days before an unfinished multipart upload is aborted. */
  abortMultipartDays: 7,
  /** Seconds the oldest ingest message may wait before someone is told (a stuck or starved clean function). */
  ingestAgeAlarmSeconds: 3600,
  /** Seconds the oldest announcement may wait on the cleaned queue before someone is told (its consumer is down). */
  cleanedAgeAlarmSeconds: 86_400,
  /** Seconds the reprocess function may run before it hands over to its next invocation. */
  reprocessTimeoutSeconds: 300,
  /**
   * How long a job the sweep enqueued counts as waiting: later sweeps leave it alone until
   * then, and enqueue it again after (a job lost to the dead-letter queue is redriven, not swept).
   */
  queuedJobSeconds: 6 * 3600,
  /** The daily sweep for stale outputs, 03:00 UTC. */
  reprocessSchedule: "cron(0 3 * * ? *)",
} as const;

/** Where the clean bucket keeps what is not cleaned text. */
export const REPORTS_PREFIX = "_reports/";
export const ERRORS_PREFIX = "_errors/";
/** Where the sweep notes the jobs it enqueued and that are not done yet (`queuedKey`). */
export const QUEUED_PREFIX = "_queued/";

/** Raw keys under these prefixes would write over another document's outputs: they are never cleaned. */
export const RESERVED_PREFIXES = [REPORTS_PREFIX, ERRORS_PREFIX, QUEUED_PREFIX] as const;
/** S3's longest key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** Where the error records of keys too long for `_errors/<key>.json` go, named by the key's SHA-256. */
export const TOO_LONG_PREFIX = `${ERRORS_PREFIX}_too-long/`;

export const reportKey = (key: string): string => `${REPORTS_PREFIX}${key}.json`;
export const queuedKey = (key: string): string => `${QUEUED_PREFIX}${key}`;

/** The error record's key: `_errors/<key>.json`, or a digest of the key where that would be longer than S3 allows. */
export const errorKey = (key: string): string => {
  const plain = `${ERRORS_PREFIX}${key}.json`;
  return Buffer.byteLength(plain) <= MAX_KEY_BYTES ? plain : `${TOO_LONG_PREFIX}${createHash("sha256").update(key).digest("hex")}.json`;
};

/** A raw key whose outputs S3 can hold: `_reports/<key>.json` is no longer than its limit. */
export const outputsFit = (key: string): boolean => Buffer.byteLength(reportKey(key)) <= MAX_KEY_BYTES;

export const isReservedKey = (key: string): boolean => RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Object metadata (x-amz-meta-*) that ties an output to what it was made from. */
export const META_SOURCE_ETAG = "source-etag";
export const META_ENGINE_VERSION = "engine-version";
/** On a report: its counts per rule (`R0=0 R1=2 …`) and the engine's time in milliseconds. */
export const META_RULE_COUNTS = "rule-counts";
export const META_CLEAN_MS = "clean-ms";
/** On an error record: the problem's code (`empty`, `binary`, …). */
export const META_ERROR_CODE = "error-code";

export function formatRuleCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([rule, n]) => `${rule}=${n}`)
    .join(" ");
}

/** The inverse of formatRuleCounts; anything unreadable is left out. */
export function parseRuleCounts(value: string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pair of (value ?? "").split(" ")) {
    const match = /^(R[0-9])=([0-9]+)$/.exec(pair);
    if (match) counts[match[1]!] = Number(match[2]);
  }
  return counts;
}
