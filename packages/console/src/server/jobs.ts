import { parseRuleCounts, stampStaleness, storedOutputs, type ListedObject, type StoredOutputs } from "@pagemend/pipeline";
import { ERRORS_PREFIX, META_CLEAN_MS, META_ERROR_CODE, META_RULE_COUNTS, META_ENGINE_VERSION, errorKey, headObject, listObjectsPage, mapWithConcurrency } from "@pagemend/pipeline";
import type { ConsoleBackend } from "./backend.js";
import type { DeadLetter, DeadLetterSnapshot } from "./deadLetters.js";

export const JOB_STATES = ["queued", "cleaned", "failed", "dead-letter", "stale"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One object of the raw bucket, as the jobs table shows it. */
export interface JobSummary {
  key: string;
  size: number;
  lastModified: string | undefined;
  state: JobState;
  /** Why it is stale, failed or dead-lettered. */
  detail?: string;
  counts?: Record<string, number>;
  cleanMs?: number;
  engineVersion?: string;
}

/**
 * The state of one object from what the clean bucket and the dead-letter queue hold for it:
 * a report stamped with its ETag and the current engine means cleaned; an error record with
 * its ETag, failed; a dead letter without a current output, dead-letter; any other output,
 * stale; nothing yet, queued (its message is waiting or in flight).
 */
export function classifyJob(object: ListedObject, stored: StoredOutputs, deadLetter: DeadLetter | undefined, engineVersion: string): JobSummary {
  const { report, error } = stored;
  const base = { key: object.key, size: object.size, lastModified: object.lastModified?.toISOString() };
  const outputs = report
    ? { counts: parseRuleCounts(report.metadata[META_RULE_COUNTS]), cleanMs: optionalNumber(report.metadata[META_CLEAN_MS]), engineVersion: report.metadata[META_ENGINE_VERSION] }
    : {};
  if (report && stored.staleness === undefined && !stored.failed) return { ...base, state: "cleaned", ...outputs };
  if (error && stored.failed) {
    return { ...base, state: "failed", detail: error.metadata[META_ERROR_CODE] ?? "the input cannot be cleaned", engineVersion: error.metadata[META_ENGINE_VERSION] };
  }
  if (deadLetter) return { ...base, state: "dead-letter", detail: `in the dead-letter queue after ${deadLetter.receiveCount} receives`, ...outputs };
  if (report || error) return { ...base, state: "stale", detail: stored.staleness ?? stampStaleness((report ?? error)!.metadata, object.eTag, engineVersion), ...outputs };
  return { ...base, state: "queued" };
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined || value === "" || Number.isNaN(Number(value)) ? undefined : Number(value);
}

export interface JobQuery {
  /** Keys after this one (the previous page's `next`). */
  after?: string;
  /** S3 key prefix: narrows the listing itself. */
  prefix?: string;
  /** Case-insensitive substring of the key. */
  search?: string;
  state?: JobState;
  limit?: number;
}

export interface JobPage {
  jobs: JobSummary[];
  /** Pass as `after` for the next page; absent at the end. */
  next?: string;
  /** Keys looked at for this page: more than `jobs` when a filter skipped some. */
  scanned: number;
}

/**
 * Keys one request may look at while filtering, so a rare match never makes a request slow:
 * a key filter costs a listing, a state costs one or two heads per key, hence its smaller budget.
 */
export const SCAN_BUDGET = 5000;
export const STATE_SCAN_BUDGET = 500;
const LIST_PAGE = 1000;

/**
 * One page of jobs in key order. The listing pages through S3 from `after`, so its cost does
 * not grow with the bucket; each listed key costs one or two heads, only for keys that pass
 * the key filters. A state filter that finds too few within SCAN_BUDGET keys returns what it
 * found and a `next` to go on from.
 */
export async function listJobs(backend: ConsoleBackend, deadLetters: DeadLetterSnapshot, query: JobQuery): Promise<JobPage> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  // Rare states are found from where they are recorded, not by looking at every key.
  if (query.state === "failed") return listFromKeys(backend, deadLetters, query, limit, listRecordedFailures(backend, query));
  if (query.state === "dead-letter") return listFromKeys(backend, deadLetters, query, limit, [...deadLetters.byKey.keys()].sort());
  const budget = query.state ? STATE_SCAN_BUDGET : SCAN_BUDGET;
  const search = query.search?.toLowerCase();
  const jobs: JobSummary[] = [];
  let startAfter = query.after ?? "";
  let scanned = 0;
  for (;;) {
    const page = await listObjectsPage(backend.s3, { bucket: backend.resources.rawBucket, prefix: query.prefix, startAfter, maxKeys: query.state ? Math.min(LIST_PAGE, budget) : search ? LIST_PAGE : limit - jobs.length });
    const wanted = search ? page.objects.filter((o) => o.key.toLowerCase().includes(search)) : page.objects;
    // Classify in slices, so a state filter stops listing heads as soon as the page is full.
    for (let i = 0; i < wanted.length; i += limit) {
      const slice = wanted.slice(i, i + limit);
      const classified = await mapWithConcurrency(slice, 16, (object) => classify(backend, deadLetters.byKey, object));
      for (let j = 0; j < classified.length; j++) {
        const job = classified[j]!;
        if (query.state && job.state !== query.state) continue;
        jobs.push(job);
        if (jobs.length === limit) {
          scanned += page.objects.indexOf(slice[j]!) + 1;
          const more = page.more || slice[j] !== page.objects[page.objects.length - 1];
          return { jobs, next: more ? job.key : undefined, scanned };
        }
      }
    }
    scanned += page.objects.length;
    const last = page.objects[page.objects.length - 1];
    if (!page.more || !last) return { jobs, scanned };
    startAfter = last.key;
    if (scanned >= budget) return { jobs, next: startAfter, scanned };
  }
}

/** Keys with an error record, in key order, from a listing of `_errors/` (they are few). */
async function listRecordedFailures(backend: ConsoleBackend, query: JobQuery): Promise<string[]> {
  const keys: string[] = [];
  let startAfter = query.after ? errorKey(query.after) : "";
  for (;;) {
    const page = await listObjectsPage(backend.s3, { bucket: backend.resources.cleanBucket, prefix: errorKey(query.prefix ?? "").slice(0, -".json".length), startAfter });
    for (const o of page.objects) if (o.key.endsWith(".json")) keys.push(o.key.slice(ERRORS_PREFIX.length, -".json".length));
    const last = page.objects[page.objects.length - 1];
    if (!page.more || !last || keys.length >= SCAN_BUDGET) return keys;
    startAfter = last.key;
  }
}

/** A page of jobs from candidate keys (failures, dead letters): each is checked against the raw bucket as it is now. */
async function listFromKeys(backend: ConsoleBackend, deadLetters: DeadLetterSnapshot, query: JobQuery, limit: number, candidates: readonly string[] | Promise<string[]>): Promise<JobPage> {
  const search = query.search?.toLowerCase();
  const keys = (await candidates).filter((k) => (!query.after || k > query.after) && k.startsWith(query.prefix ?? "") && (!search || k.toLowerCase().includes(search)));
  const jobs: JobSummary[] = [];
  let scanned = 0;
  for (let i = 0; i < keys.length && jobs.length < limit; i += limit) {
    const slice = keys.slice(i, i + limit);
    const found = await mapWithConcurrency(slice, 16, async (key): Promise<JobSummary | undefined> => {
      const head = await headObject(backend.s3, backend.resources.rawBucket, key);
      return head ? classify(backend, deadLetters.byKey, { key, eTag: head.eTag, size: head.size, lastModified: head.lastModified }) : undefined;
    });
    for (const job of found) {
      scanned++;
      if (job && job.state === query.state && jobs.length < limit) jobs.push(job);
    }
  }
  const last = jobs[jobs.length - 1];
  return { jobs, next: jobs.length === limit && last && keys[keys.length - 1] !== last.key ? last.key : undefined, scanned };
}

async function classify(backend: ConsoleBackend, deadLetters: ReadonlyMap<string, DeadLetter>, object: ListedObject): Promise<JobSummary> {
  const outputs = await storedOutputs(backend.s3, backend.resources.cleanBucket, object, backend.engineVersion);
  return classifyJob(object, outputs, deadLetters.get(object.key), backend.engineVersion);
}
