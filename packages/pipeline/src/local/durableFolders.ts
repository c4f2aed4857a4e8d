import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { ENGINE_VERSION } from "@pagemend/core";
import { getObjectBytes } from "../aws/objects.js";
import type { CleanOutcome } from "../jobs/cleanObject.js";
import { decodeStoredReport } from "../jobs/storedReport.js";
import { errorKey, ERRORS_PREFIX, outputsFit, reportKey } from "../settings.js";
import { watchDirectory } from "./watchDirectory.js";

/**
 * The local pipeline's durable mode. The embedded emulator keeps everything in memory, so a
 * restart or a crash loses what it held. With an inbox and an outbox on disk nothing that was
 * handed over is lost: a file in the inbox is the document, and the outbox mirrors what the
 * pipeline made of it (the cleaned text at `<key>`, the report at `_reports/<key>.json`, an
 * error record at `_errors/<key>.json`), each stamped with the SHA-256 of the inbox file it was
 * made from. At start every inbox file without a current output in the outbox is uploaded
 * again; a file with one is left alone.
 */
export interface DurableFolders {
  inbox: string;
  outbox: string;
}

/** Where the outbox keeps, beside a report or error record, what it was made from. */
interface OutboxStamp {
  inbox: { sha256: string };
  engineVersion: string;
}

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** `key` as a path inside `root`, or undefined for a key that would lead out of it (`../x`, an absolute path). */
export function pathInside(root: string, key: string): string | undefined {
  const path = resolve(root, key);
  const rel = relative(root, path);
  return rel === "" || rel.startsWith("..") || rel.split(sep).includes("..") ? undefined : path;
}

/** Writes through a temporary file and a rename, so that a crash never leaves half a file. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.partial`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

async function readStamp(path: string | undefined): Promise<OutboxStamp | undefined> {
  if (path === undefined) return undefined;
  try {
    return JSON.parse(await readFile(path, "utf8")) as OutboxStamp;
  } catch {
    return undefined;
  }
}

/** The outbox holds an output (or error record) of this very inbox file, by this engine. */
export async function hasCurrentOutput(outbox: string, key: string, digest: string): Promise<boolean> {
  const current = (stamp: OutboxStamp | undefined) => stamp?.inbox?.sha256 === digest && stamp.engineVersion === ENGINE_VERSION;
  const report = await readStamp(pathInside(outbox, reportKey(key)));
  if (current(report)) return (await readFile(pathInside(outbox, key)!).catch(() => undefined)) !== undefined;
  return current(await readStamp(pathInside(outbox, `${ERRORS_PREFIX}${key}.json`)));
}

export interface InboxUploads {
  /** Inbox files uploaded, and left alone for a current output, since start. */
  uploaded: number;
  skipped: number;
  /** The inbox file each key was last uploaded from, and the ETag S3 gave it. */
  sources: Map<string, { sha256: string; eTag: string | undefined }>;
  /** Settles once the files that were in the inbox at the start are uploaded or skipped. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Uploads the inbox (now, and every file that appears later) unless the outbox has its current output. */
export async function watchInbox(
  folders: DurableFolders,
  upload: (key: string, body: Uint8Array) => Promise<string | undefined>,
  onError: (error: unknown, path: string) => void,
): Promise<InboxUploads> {
  const state: InboxUploads = { uploaded: 0, skipped: 0, sources: new Map(), ready: Promise.resolve(), close: async () => {} };
  const watcher = await watchDirectory(
    folders.inbox,
    async (key, body) => {
      const digest = sha256(body);
      if (await hasCurrentOutput(folders.outbox, key, digest)) {
        state.skipped++;
        return;
      }
      const eTag = await upload(key, body);
      state.sources.set(key, { sha256: digest, eTag });
      state.uploaded++;
    },
    onError,
  );
  state.close = () => watcher.close();
  state.ready = watcher.ready;
  return state;
}

/**
 * Mirrors one outcome into the outbox: the cleaned text and its report, or the error record.
 * Outcomes of an earlier upload of the key (another ETag) are left out: the later one's own
 * outcome follows. A key that would lead out of the outbox is not mirrored.
 */
export async function mirrorOutcome(s3: S3Client, cleanBucket: string, outbox: string, outcome: CleanOutcome, source: { sha256: string; eTag: string | undefined } | undefined): Promise<boolean> {
  if (outcome.status !== "cleaned" && outcome.status !== "failed") return false;
  if (source?.eTag !== undefined && source.eTag !== outcome.sourceETag) return false;
  const stamp: OutboxStamp = { inbox: { sha256: source?.sha256 ?? "" }, engineVersion: ENGINE_VERSION };
  if (outcome.status === "failed") {
    const record = await getObjectBytes(s3, cleanBucket, errorKey(outcome.key));
    const path = pathInside(outbox, `${ERRORS_PREFIX}${outcome.key}.json`);
    if (!record || !path) return false;
    await writeAtomically(path, JSON.stringify({ ...stamp, ...(JSON.parse(new TextDecoder().decode(record)) as object) }, null, 2) + "\n");
    return true;
  }
  const textPath = pathInside(outbox, outcome.key);
  const reportPath = pathInside(outbox, reportKey(outcome.key));
  if (!textPath || !reportPath || !outputsFit(outcome.key)) return false;
  const [text, report] = await Promise.all([getObjectBytes(s3, cleanBucket, outcome.key), getObjectBytes(s3, cleanBucket, reportKey(outcome.key))]);
  if (!text || !report) return false;
  // The text first, the report last: a report in the outbox vouches for its text, as in the bucket.
  await writeAtomically(textPath, text);
  await writeAtomically(reportPath, JSON.stringify({ ...stamp, ...(JSON.parse(decodeStoredReport(report)) as object) }) + "\n");
  return true;
}
