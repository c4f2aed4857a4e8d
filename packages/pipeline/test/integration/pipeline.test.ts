import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { clean, ENGINE_VERSION } from "@pagemend/core";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveMessages, deleteMessages } from "../../src/aws/queues.js";
import { documentCleanedMessage, s3CreatedEventBody } from "../../src/jobs/messages.js";
import type { LocalPipeline } from "../../src/local/runtime.js";
import { errorKey, META_ENGINE_VERSION, META_SOURCE_ETAG, PIPELINE_SETTINGS, reportKey } from "../../src/settings.js";
import { MULTIPART_THRESHOLD, putObject } from "../../src/aws/objects.js";
import { generateDocument } from "../../../core/bench/generate.mjs";
import { FaultInjector, listKeys, queueDepth, readReport, readText, startTestPipeline, upload, waitFor, WriteCounter } from "./harness.js";

const corpus = join(import.meta.dirname, "../../../../corpus");
const inputs = readdirSync(corpus).filter((f) => f.endsWith(".input.txt")).sort();
const sample = (i: number) => readFileSync(join(corpus, inputs[i % inputs.length]!));

let pipeline: LocalPipeline;
let log: string[];
let faults: FaultInjector;
let writes: WriteCounter;

beforeAll(async () => {
  ({ pipeline, log, faults, writes } = await startTestPipeline());
}, 30_000);

afterAll(async () => {
  await pipeline?.stop();
});

const cleanBucket = () => pipeline.resources.cleanBucket;
const output = (key: string) => readText(pipeline.clients.s3, cleanBucket(), key);
const storedReport = (key: string) => readReport(pipeline.clients.s3, cleanBucket(), reportKey(key));
const waitForOutput = (key: string, timeoutMs?: number) => waitFor(`cleaned ${key}`, () => output(key), timeoutMs);
const head = (bucket: string, key: string) => pipeline.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

describe("a dropped file", () => {
  it("comes out cleaned exactly as `pagemend clean` cleans it, with its report and an announcement", async () => {
    const bytes = sample(0);
    const eTag = await upload(pipeline, "news/first.txt", bytes);
    const text = await waitForOutput("news/first.txt");
    const expected = clean(bytes);
    expect(text).toBe(expected.text);

    const report = JSON.parse(await waitFor("report", () => storedReport("news/first.txt")));
    expect(report).toMatchObject({ engineVersion: ENGINE_VERSION, counts: expected.report.counts, source: { bucket: "raw", key: "news/first.txt", eTag } });
    expect(report.edits).toHaveLength(expected.report.edits.length);
    const stamp = (await head(cleanBucket(), "news/first.txt")).Metadata;
    expect(stamp).toEqual({ [META_SOURCE_ETAG]: eTag, [META_ENGINE_VERSION]: ENGINE_VERSION });

    const announcements = await waitFor("document.cleaned", async () => {
      const messages = await receiveMessages(pipeline.clients.sqs, pipeline.resources.cleaned.url, { max: 10 });
      await deleteMessages(pipeline.clients.sqs, pipeline.resources.cleaned.url, messages.map((m) => m.ReceiptHandle ?? ""));
      const parsed = messages.map((m) => documentCleanedMessage.parse(JSON.parse(m.Body ?? "")));
      return parsed.find((m) => m.key === "news/first.txt");
    });
    expect(announcements).toMatchObject({ type: "document.cleaned", bucket: "clean", sourceBucket: "raw", sourceETag: eTag, engineVersion: ENGINE_VERSION, counts: expected.report.counts });
  });

  it("in GBK or Big5 comes out as UTF-8, and its report names the encoding", async () => {
    const { default: iconv } = await import("iconv-lite");
    const text = "（上接第一版）\n会议指出，要坚持稳中求进工作总基调，\n完整准确全面贯彻新发展理念。\n";
    await upload(pipeline, "encodings/gbk.txt", iconv.encode(text, "gbk"));
    expect(await waitForOutput("encodings/gbk.txt")).toBe(clean(text).text);
    const report = JSON.parse(await waitFor("report", () => storedReport("encodings/gbk.txt")));
    expect(report.encoding).toMatchObject({ name: "gb18030", confidence: 1 });
  });

  it.each(["odd/with space.txt", "odd/c++ notes.txt", "odd/新闻/第三版 报道.txt", "odd/100% sure.txt", "odd/a+b=c (1).txt", "odd/😀 emoji.txt"])(
    "keeps its key: %s",
    async (key) => {
      await upload(pipeline, key, sample(1));
      expect(await waitForOutput(key)).toBe(clean(sample(1)).text);
    },
  );
});

describe("idempotence", () => {
  it("a redelivered event, a duplicate event and an unforced job write nothing", async () => {
    const key = "dup/story.txt";
    const eTag = await upload(pipeline, key, sample(2));
    await waitFor("report", () => output(reportKey(key)));
    const before = await head(cleanBucket(), key);
    await waitFor("ingest drained", async () => {
      const depth = await queueDepth(pipeline.clients.sqs, pipeline.resources.ingest.url);
      return depth.waiting + depth.inFlight === 0;
    });
    const writesBefore = writes.count;
    const body = s3CreatedEventBody({ bucket: "raw", key, size: sample(2).length, eTag, region: pipeline.region });
    for (let i = 0; i < 3; i++) await pipeline.clients.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.resources.ingest.url, MessageBody: body }));
    await waitFor("three skips", () => Promise.resolve(log.filter((l) => l.startsWith("skipped") && l.includes(key)).length >= 3));
    expect(writes.count).toBe(writesBefore);
    const after = await head(cleanBucket(), key);
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified).toEqual(before.LastModified);
  });

  it("a replay of a current output writes nothing; a forced one cleans again", async () => {
    const key = "dup/story.txt";
    const cleanedBefore = log.filter((l) => l.startsWith("cleaned") && l.includes(key)).length;
    const skipsBefore = log.filter((l) => l.startsWith("skipped") && l.includes(key)).length;
    const writesBefore = writes.count;
    await expect(pipeline.replay({ action: "replay", key })).resolves.toMatchObject({ action: "replay", key });
    await waitFor("a skip", () => Promise.resolve(log.filter((l) => l.startsWith("skipped") && l.includes(key)).length > skipsBefore));
    expect(writes.count).toBe(writesBefore);
    await expect(pipeline.replay({ action: "replay", key, force: true })).resolves.toMatchObject({ action: "replay", key });
    await waitFor("cleaned again", () => Promise.resolve(log.filter((l) => l.startsWith("cleaned") && l.includes(key)).length > cleanedBefore));
    await expect(pipeline.replay({ action: "replay", key: "no/such.txt" })).rejects.toThrow(/no object "no\/such.txt"/);
  });
});

describe("bad input is recorded, acknowledged and never retried", () => {
  it.each([
    ["poison/image.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "binary"],
    ["poison/empty.txt", new Uint8Array(), "empty"],
    ["poison/nul.txt", new TextEncoder().encode("新闻\0\0\0"), "binary"],
  ])("%s", async (key, body, code) => {
    const eTag = await upload(pipeline, key, body);
    const record = JSON.parse(await waitFor("error record", () => output(errorKey(key))));
    expect(record).toMatchObject({ bucket: "raw", key, sourceETag: eTag, engineVersion: ENGINE_VERSION, code });
    expect(await output(key)).toBeUndefined();
    await waitFor("ingest drained", async () => {
      const depth = await queueDepth(pipeline.clients.sqs, pipeline.resources.ingest.url);
      return depth.waiting + depth.inFlight === 0;
    });
    expect((await queueDepth(pipeline.clients.sqs, pipeline.resources.deadLetter.url)).waiting).toBe(0);
  });

  it("the CLI's input policy: a stray NUL is removed and reported, UTF-16 without a byte-order mark is read as UTF-16", async () => {
    const text = sample(0).toString("utf8");
    const withNul = Buffer.from(`${text.slice(0, 200)}\0${text.slice(200)}`);
    await upload(pipeline, "policy/nul.txt", withNul);
    expect(await waitForOutput("policy/nul.txt")).toBe(clean(withNul).text);
    expect(JSON.parse(await waitFor("report", () => storedReport("policy/nul.txt"))).edits).toContainEqual(expect.objectContaining({ rule: "R0", kind: "control-character" }));
    const utf16 = Buffer.from(text, "utf16le");
    await upload(pipeline, "policy/utf16.txt", utf16);
    expect(await waitForOutput("policy/utf16.txt")).toBe(clean(text).text);
    expect(JSON.parse(await waitFor("report", () => storedReport("policy/utf16.txt"))).encoding).toMatchObject({ name: "utf-16le", bom: false });
  });

  it("a later good upload of a failed key replaces the error record with an output", async () => {
    await upload(pipeline, "poison/fixed.txt", new Uint8Array());
    await waitFor("error record", () => output(errorKey("poison/fixed.txt")));
    await upload(pipeline, "poison/fixed.txt", sample(5));
    expect(await waitForOutput("poison/fixed.txt")).toBe(clean(sample(5)).text);
    await waitFor("error record gone", async () => (await output(errorKey("poison/fixed.txt"))) === undefined);
  });

  it("an object over the size limit", async () => {
    const { pipeline: small, log: smallLog } = await startTestPipeline({ maxDocumentBytes: 1000 });
    try {
      await small.clients.s3.send(new PutObjectCommand({ Bucket: "raw", Key: "big.txt", Body: "新闻。\n".repeat(200) }));
      const record = JSON.parse(await waitFor("error record", () => readText(small.clients.s3, "clean", errorKey("big.txt"))));
      expect(record).toMatchObject({ code: "too-large" });
      expect(smallLog.some((l) => l.startsWith("failed") && l.includes("too-large"))).toBe(true);
    } finally {
      await small.stop();
    }
  });

  it("a message that is not an event ends in the dead-letter queue, where it can be read", async () => {
    await pipeline.clients.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.resources.ingest.url, MessageBody: "not an event" }));
    const dead = await waitFor("dead letter", async () => {
      const messages = await receiveMessages(pipeline.clients.sqs, pipeline.resources.deadLetter.url, { max: 10, visibilityTimeout: 0 });
      return messages.find((m) => m.Body === "not an event");
    }, 30_000);
    await deleteMessages(pipeline.clients.sqs, pipeline.resources.deadLetter.url, [dead.ReceiptHandle ?? ""]);
  });
});

describe("a large document", () => {
  it("of 16 MiB, dense with edits, goes up in parts, is cleaned, and its report is a fraction of it", async () => {
    const limit = PIPELINE_SETTINGS.maxDocumentBytes;
    const bytes = generateDocument(limit, 7).subarray(0, limit);
    expect(bytes.length).toBeGreaterThan(MULTIPART_THRESHOLD);
    const key = "large/dense.txt";
    await putObject(pipeline.clients.s3, { bucket: pipeline.resources.rawBucket, key, body: bytes });
    const text = await waitFor("cleaned", () => output(key), 180_000);
    const expected = clean(bytes);
    expect(text).toBe(expected.text);
    const stored = (await head(cleanBucket(), reportKey(key))).ContentLength ?? 0;
    const report = JSON.parse((await storedReport(key))!);
    expect(report.edits).toHaveLength(expected.report.edits.length);
    expect(stored).toBeLessThan(bytes.length / 2);
    expect((await queueDepth(pipeline.clients.sqs, pipeline.resources.deadLetter.url)).waiting).toBe(0);
  }, 240_000);
});

describe("no key reaches another key's outputs", () => {
  it("a raw key under _reports/ gets an error record, and the report it would have overwritten stays", async () => {
    await upload(pipeline, "keys/a.txt", sample(1));
    const report = await waitFor("report", () => output(reportKey("keys/a.txt")));
    const reserved = reportKey("keys/a.txt");
    await upload(pipeline, reserved, "a text that would overwrite the report");
    const record = JSON.parse(await waitFor("error record", () => output(errorKey(reserved))));
    expect(record).toMatchObject({ key: reserved, code: "reserved-key" });
    expect(await output(reportKey("keys/a.txt"))).toBe(report);
    await upload(pipeline, "_errors/keys/b.txt", "a text under the error records");
    expect(JSON.parse(await waitFor("error record", () => output(errorKey("_errors/keys/b.txt"))))).toMatchObject({ code: "reserved-key" });
  });

  it("an event naming the clean bucket is refused and writes nothing", async () => {
    await upload(pipeline, "keys/c.txt", sample(2));
    await waitFor("report", () => output(reportKey("keys/c.txt")));
    const writesBefore = writes.count;
    const body = s3CreatedEventBody({ bucket: cleanBucket(), key: "keys/c.txt", size: 10, eTag: '"x"', region: "us-east-1" });
    await pipeline.clients.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.resources.ingest.url, MessageBody: body }));
    await waitFor("refused", () => Promise.resolve(log.some((l) => l.startsWith("refused") && l.includes(`${cleanBucket()}/keys/c.txt`))));
    expect(writes.count).toBe(writesBefore);
    expect((await queueDepth(pipeline.clients.sqs, pipeline.resources.deadLetter.url)).waiting).toBe(0);
  });

  it("a key too long for its report's key gets an error record, not a failed write", async () => {
    const key = `long/${"x".repeat(1012)}.txt`;
    await upload(pipeline, key, sample(3));
    expect(errorKey(key)).toMatch(/^_errors\/_too-long\/[0-9a-f]{64}\.json$/u);
    const record = JSON.parse(await waitFor("error record", () => output(errorKey(key))));
    expect(record).toMatchObject({ key, code: "key-too-long" });
    expect((await queueDepth(pipeline.clients.sqs, pipeline.resources.deadLetter.url)).waiting).toBe(0);
  });
});

describe("staleness looks at every output", () => {
  it("a deleted cleaned text makes the document stale: the sweep and a replay both restore it", async () => {
    const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    const key = "lost/text.txt";
    await upload(pipeline, key, sample(6));
    const text = await waitForOutput(key);
    await waitFor("report", () => output(reportKey(key)));
    await pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: cleanBucket(), Key: key }));
    const runs = await pipeline.reprocess({ prefix: "lost/" });
    expect(Object.assign({}, ...runs.map((r) => r.reasons))).toEqual({ "cleaned text missing": 1 });
    expect(await waitForOutput(key)).toBe(text);
    await pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: cleanBucket(), Key: key }));
    await pipeline.replay({ action: "replay", key });
    expect(await waitForOutput(key)).toBe(text);
  });
});

describe("transient faults", () => {
  it("a fault that passes is retried and the document cleaned", async () => {
    // Three SDK attempts per delivery: five injected failures span two deliveries.
    faults.failS3("PutObject", "flaky/", 5);
    const injectedBefore = faults.injected;
    await upload(pipeline, "flaky/story.txt", sample(3));
    expect(await waitForOutput("flaky/story.txt", 30_000)).toBe(clean(sample(3)).text);
    expect(faults.injected - injectedBefore).toBe(5);
    expect(log.some((l) => l.startsWith("retry"))).toBe(true);
  });

  it("a fault that persists ends in the dead-letter queue, and a redrive recovers it", async () => {
    faults.failS3("PutObject", "broken/");
    await upload(pipeline, "broken/story.txt", sample(4));
    await waitFor("dead letter", async () => (await queueDepth(pipeline.clients.sqs, pipeline.resources.deadLetter.url)).waiting === 1, 30_000);
    expect(await output("broken/story.txt")).toBeUndefined();
    faults.clear();
    await expect(pipeline.replay({ action: "redrive" })).resolves.toEqual({ action: "redrive", moved: 1 });
    expect(await waitForOutput("broken/story.txt", 30_000)).toBe(clean(sample(4)).text);
    expect((await queueDepth(pipeline.clients.sqs, pipeline.resources.deadLetter.url)).waiting).toBe(0);
  });
});

describe("reprocess", () => {
  it("enqueues only objects whose output is missing, from another source or another engine", async () => {
    const keys = ["sweep/a.txt", "sweep/b.txt", "sweep/c.txt", "sweep/d.txt"];
    for (const [i, key] of keys.entries()) await upload(pipeline, key, sample(i));
    for (const key of keys) await waitFor("report", () => output(reportKey(key)));
    // b: made by an older engine; c: output lost; d: current.  a: current too.
    const stampB = (await head(cleanBucket(), reportKey("sweep/b.txt"))).Metadata ?? {};
    await pipeline.clients.s3.send(new PutObjectCommand({ Bucket: cleanBucket(), Key: reportKey("sweep/b.txt"), Body: "{}", Metadata: { ...stampB, [META_ENGINE_VERSION]: "0.0.1" } }));
    const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    await pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: cleanBucket(), Key: reportKey("sweep/c.txt") }));
    await pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: cleanBucket(), Key: "sweep/c.txt" }));

    const runs = await pipeline.reprocess({ prefix: "sweep/" });
    expect(runs.reduce((n, r) => n + r.scanned, 0)).toBe(4);
    expect(Object.assign({}, ...runs.map((r) => r.reasons))).toEqual({ "engine 0.0.1": 1, "no output": 1 });
    await waitForOutput("sweep/c.txt");
    await waitFor("b re-stamped", async () => (await head(cleanBucket(), reportKey("sweep/b.txt"))).Metadata?.[META_ENGINE_VERSION] === ENGINE_VERSION);

    // Now everything is current: a second sweep enqueues nothing, and the sweep's notes of its queued jobs are gone.
    const again = await pipeline.reprocess({ prefix: "sweep/" });
    expect(again.reduce((n, r) => n + r.enqueued, 0)).toBe(0);
    await waitFor("notes gone", async () => (await listKeys(pipeline.clients.s3, cleanBucket(), "_queued/sweep/")).length === 0);
    // `force` re-enqueues everything under the prefix.
    const forced = await pipeline.reprocess({ prefix: "sweep/", force: true });
    expect(forced.reduce((n, r) => n + r.enqueued, 0)).toBe(4);
  });
});

describe("a burst", () => {
  it("of 300 uploads is all cleaned", async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `burst/${String(i).padStart(3, "0")}.txt`);
    for (let i = 0; i < keys.length; i += 25) await Promise.all(keys.slice(i, i + 25).map((key, j) => upload(pipeline, key, sample(i + j))));
    await waitFor("300 reports", async () => (await listKeys(pipeline.clients.s3, cleanBucket(), reportKey("burst/").replace(/\.json$/, ""))).length === 300, 120_000);
    const outputs = (await listKeys(pipeline.clients.s3, cleanBucket(), "burst/")).sort();
    expect(outputs).toEqual(keys);
    for (const i of [0, 137, 299]) expect(await output(keys[i]!)).toBe(clean(sample(i)).text);
  }, 180_000);
});

describe("--endpoint", () => {
  it("runs against another S3/SQS endpoint, where the sweep finds uploads that no notification announces", async () => {
    // fauxqs accepts the notification configuration but never sends an event.
    const { pipeline: other } = await startTestPipeline({
      endpoint: pipeline.endpoint,
      names: { rawBucket: "raw-b", cleanBucket: "clean-b", ingestQueue: "b-ingest", deadLetterQueue: "b-dlq", cleanedQueue: "b-cleaned" },
      reprocessEverySeconds: 1,
    });
    try {
      await other.clients.s3.send(new PutObjectCommand({ Bucket: "raw-b", Key: "elsewhere.txt", Body: sample(1) }));
      expect(await waitFor("cleaned elsewhere", () => readText(other.clients.s3, "clean-b", "elsewhere.txt"), 20_000)).toBe(clean(sample(1)).text);
    } finally {
      await other.stop();
    }
  });
});
