import { randomUUID } from "node:crypto";

export type ActionKind = "replay" | "reprocess" | "redrive" | "upload";

/** One action a person started from the console, with its progress and its result. */
export interface ActionRecord {
  id: string;
  kind: ActionKind;
  /** What it is about, e.g. the key or the prefix. */
  subject: string;
  status: "running" | "done" | "failed";
  startedAt: string;
  finishedAt?: string;
  /** A sentence saying what it did, or why it failed. */
  message?: string;
  result?: unknown;
}

/**
 * The actions of this console session, newest first. Each runs in the background; its record
 * is published when it starts and when it ends, so every open page shows its progress.
 */
export class ActionLog {
  private readonly records: ActionRecord[] = [];

  constructor(
    private readonly publish: (record: ActionRecord) => void,
    private readonly keep = 100,
  ) {}

  list(): readonly ActionRecord[] {
    return this.records;
  }

  /**
   * Starts `work` and returns its record at once, with a promise of the finished record;
   * `describe` turns the result into a sentence.
   */
  start<T>(kind: ActionKind, subject: string, work: () => Promise<T>, describe: (result: T) => string): { record: ActionRecord; finished: Promise<ActionRecord> } {
    const record: ActionRecord = { id: randomUUID(), kind, subject, status: "running", startedAt: new Date().toISOString() };
    this.records.unshift(record);
    this.records.length = Math.min(this.records.length, this.keep);
    this.publish(record);
    const finish = (update: Partial<ActionRecord>) => {
      Object.assign(record, update, { finishedAt: new Date().toISOString() });
      this.publish(record);
    };
    const finished = work().then(
      (result) => finish({ status: "done", result, message: describe(result) }),
      (error: unknown) => finish({ status: "failed", message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    );
    return { record: { ...record }, finished: finished.then(() => ({ ...record })) };
  }
}
