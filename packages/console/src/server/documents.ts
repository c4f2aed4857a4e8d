import { decodeInput } from "@pagemend/core";
import { decodeStoredReport, errorKey, getObjectBytes, headObject, isReservedKey, outputsFit, PIPELINE_SETTINGS, reportKey } from "@pagemend/pipeline";
import type { ConsoleBackend } from "./backend.js";

/** What the document page shows: the input as decoded (the report's offsets point into it), the output and its report. */
export interface DocumentView {
  key: string;
  size: number;
  /** The decoded input, absent when it is too large or binary to show. */
  source?: string;
  encoding?: string;
  cleaned?: string;
  /** The stored report (with `source` and `job`), as JSON text. */
  report?: unknown;
  /** The stored error record, when the input could not be cleaned. */
  error?: unknown;
  /** Why some part is missing. */
  notes: string[];
}

export class NoSuchJobError extends Error {
  override name = "NoSuchJobError";
}

/** Reads the three objects of one job. The report and output may lag the input: the page says so. */
export async function loadDocument(backend: ConsoleBackend, key: string): Promise<DocumentView> {
  const { s3, resources } = backend;
  const head = await headObject(s3, resources.rawBucket, key);
  if (!head) throw new NoSuchJobError(`no object ${JSON.stringify(key)} in ${resources.rawBucket}`);
  const view: DocumentView = { key, size: head.size, notes: [] };
  const [bytes, cleaned, report, error] = await Promise.all([
    head.size <= PIPELINE_SETTINGS.maxDocumentBytes ? getObjectBytes(s3, resources.rawBucket, key) : undefined,
    // A key too long for its outputs (or a reserved one) has an error record only.
    outputsFit(key) && !isReservedKey(key) ? getObjectBytes(s3, resources.cleanBucket, key) : undefined,
    outputsFit(key) ? getObjectBytes(s3, resources.cleanBucket, reportKey(key)) : undefined,
    getObjectBytes(s3, resources.cleanBucket, errorKey(key)),
  ]);
  if (bytes) {
    const decoded = decodeInput(bytes);
    view.source = decoded.text;
    view.encoding = decoded.encoding.name;
  } else {
    view.notes.push(head.size > PIPELINE_SETTINGS.maxDocumentBytes ? "the input is too large to show" : "the input could not be read");
  }
  const text = new TextDecoder();
  if (cleaned) view.cleaned = text.decode(cleaned);
  if (report) view.report = JSON.parse(decodeStoredReport(report)) as unknown;
  if (error) view.error = JSON.parse(text.decode(error)) as unknown;
  if (!report && !error) view.notes.push("not cleaned yet");
  const reportSource = (view.report as { source?: { eTag?: string } } | undefined)?.source;
  if (reportSource?.eTag && reportSource.eTag !== head.eTag) view.notes.push("the input changed after this report was made: its offsets point into the earlier upload");
  return view;
}

/** The stored report's bytes, for download. */
export async function loadReport(backend: ConsoleBackend, key: string): Promise<Uint8Array | undefined> {
  const stored = outputsFit(key) ? await getObjectBytes(backend.s3, backend.resources.cleanBucket, reportKey(key)) : undefined;
  // Downloaded as the JSON it is, however it is stored.
  return stored && new TextEncoder().encode(decodeStoredReport(stored));
}
