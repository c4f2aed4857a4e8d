import type { S3Client } from "@aws-sdk/client-s3";
import { headObject, type ObjectHead } from "../aws/objects.js";
import { errorKey, META_ENGINE_VERSION, META_SOURCE_ETAG, outputsFit, reportKey } from "../settings.js";

/**
 * What the clean bucket holds for one raw object, and whether it is current: the one reading
 * of a document's outputs that the clean job, the reprocess sweep, replay and the console share.
 *
 * A document is current when its report (the commit record, written after the cleaned text
 * and the `document.cleaned` announcement, so its presence vouches for both) and its cleaned
 * text are there, stamped with the source's ETag and this engine. A text deleted since makes
 * it stale. An error record stamped the same way means it failed for good.
 */
export interface StoredOutputs {
  report?: ObjectHead;
  error?: ObjectHead;
  /** Why the outputs are not current; undefined when report and text both are. */
  staleness: string | undefined;
  /** An error record for this very source and engine. */
  failed: boolean;
}

/** Why an output (or error record) with this stamp is out of date for the source, or undefined when current. */
export function stampStaleness(stamp: Readonly<Record<string, string>>, sourceETag: string, engineVersion: string): string | undefined {
  if (stamp[META_SOURCE_ETAG] !== sourceETag) return "source changed";
  if (stamp[META_ENGINE_VERSION] !== engineVersion) return `engine ${stamp[META_ENGINE_VERSION] ?? "unknown"}`;
  return undefined;
}

export async function storedOutputs(s3: S3Client, cleanBucket: string, object: { key: string; eTag: string }, engineVersion: string): Promise<StoredOutputs> {
  // A key too long for its report's key has none: only an error record. Each head is read only
  // where the ones before do not settle the answer.
  const report = outputsFit(object.key) ? await headObject(s3, cleanBucket, reportKey(object.key)) : undefined;
  const reportCurrent = report !== undefined && stampStaleness(report.metadata, object.eTag, engineVersion) === undefined;
  const text = reportCurrent ? await headObject(s3, cleanBucket, object.key) : undefined;
  const settled = reportCurrent && text !== undefined && stampStaleness(text.metadata, object.eTag, engineVersion) === undefined;
  const error = settled ? undefined : await headObject(s3, cleanBucket, errorKey(object.key));
  return judgeOutputs(object.eTag, engineVersion, { report, text, error });
}

/** The judgement of `storedOutputs` on the heads it read (`text` matters only beside a current report, `error` only where those two are not both current). */
export function judgeOutputs(sourceETag: string, engineVersion: string, heads: { report?: ObjectHead; text?: ObjectHead; error?: ObjectHead }): StoredOutputs {
  const { report, text, error } = heads;
  let staleness = report ? stampStaleness(report.metadata, sourceETag, engineVersion) : "no output";
  if (report && staleness === undefined) {
    if (text === undefined) staleness = "cleaned text missing";
    else if (stampStaleness(text.metadata, sourceETag, engineVersion) !== undefined) staleness = "cleaned text out of step with its report";
    if (staleness === undefined) return { report, staleness, failed: false };
  }
  const errorStaleness = error ? stampStaleness(error.metadata, sourceETag, engineVersion) : undefined;
  const failed = error !== undefined && errorStaleness === undefined;
  return { report, error, staleness: report || !error ? staleness : errorStaleness, failed };
}
