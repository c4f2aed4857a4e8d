import { afterAll, beforeAll, expect, it } from "vitest";
import { sweepForStaleOutputs, type SweepPosition } from "../../src/jobs/reprocess.js";
import { receiveMessages, deleteMessages } from "../../src/aws/queues.js";
import { parseIngestMessage } from "../../src/jobs/messages.js";
import type { LocalPipeline } from "../../src/local/runtime.js";
import { readReport, startTestPipeline, upload, waitFor } from "./harness.js";
import { PIPELINE_SETTINGS, reportKey } from "../../src/settings.js";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";

let pipeline: LocalPipeline;
beforeAll(async () => {
  ({ pipeline } = await startTestPipeline({ concurrency: 1 }));
}, 30_000);
afterAll(() => pipeline?.stop());

it("a sweep that runs out of time says where to go on, and the hand-overs cover every key exactly once", async () => {
  const keys = Array.from({ length: 23 }, (_, i) => `budget/${String(i).padStart(2, "0")}.txt`);
  // A queue nobody consumes, so the enqueued jobs can be counted.
  const sink = (await pipeline.clients.sqs.send(new CreateQueueCommand({ QueueName: "budget-sink" }))).QueueUrl ?? "";
  for (const key of keys) await upload(pipeline, key, "x");
  const deps = { s3: pipeline.clients.s3, sqs: pipeline.clients.sqs, rawBucket: "raw", cleanBucket: "clean", ingestQueueUrl: sink, pageSize: 5 };

  let position: SweepPosition | undefined = { prefix: "budget/", force: true };
  let invocations = 0;
  while (position) {
    invocations++;
    // Each invocation may list two pages (its clock says "time is up" after the second look).
    let looks = 0;
    const progress = await sweepForStaleOutputs(deps, position, { timeLeftMs: () => (++looks <= 2 ? 60_000 : 0), reserveMs: 1000 });
    position = progress.done ? undefined : progress.next;
    if (!progress.done) expect(progress.next?.startAfter).toBeDefined();
  }
  expect(invocations).toBe(3);

  const seen: string[] = [];
  for (;;) {
    const messages = await receiveMessages(pipeline.clients.sqs, sink, { max: 10 });
    if (messages.length === 0) break;
    for (const m of messages) seen.push(...parseIngestMessage(m.Body ?? "").map((j) => j.key));
    await deleteMessages(pipeline.clients.sqs, sink, messages.map((m) => m.ReceiptHandle ?? ""));
  }
  expect(seen.sort()).toEqual(keys);
});

it("a sweep leaves a job it enqueued alone while it waits, and enqueues it again once it has waited too long", async () => {
  const keys = ["waiting/a.txt", "waiting/b.txt"];
  const sink = (await pipeline.clients.sqs.send(new CreateQueueCommand({ QueueName: "waiting-sink" }))).QueueUrl ?? "";
  for (const key of keys) await upload(pipeline, key, "正文。");
  const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
  // Cleaned, then their outputs lost: stale, and nothing else will enqueue them.
  for (const key of keys) await waitFor("report", () => readReport(pipeline.clients.s3, "clean", reportKey(key)));
  for (const key of keys) for (const k of [key, reportKey(key)]) await pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: "clean", Key: k }));
  let clock = 1_000_000;
  const deps = { s3: pipeline.clients.s3, sqs: pipeline.clients.sqs, rawBucket: "raw", cleanBucket: "clean", ingestQueueUrl: sink, now: () => clock };
  const sweep = () => sweepForStaleOutputs(deps, { prefix: "waiting/", force: false }, { timeLeftMs: () => 60_000, reserveMs: 1000 });
  expect(await sweep()).toMatchObject({ enqueued: 2, waiting: 0, reasons: { "no output": 2 } });
  expect(await sweep()).toMatchObject({ enqueued: 0, waiting: 2 });
  clock += PIPELINE_SETTINGS.queuedJobSeconds * 1000;
  expect(await sweep()).toMatchObject({ enqueued: 2, waiting: 0 });
});
