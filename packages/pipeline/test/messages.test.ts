import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asciiJson, decodeS3EventKey, encodeS3EventKey, jobMessageBody, MalformedMessageError, parseIngestMessage, s3CreatedEventBody } from "../src/jobs/messages.js";

const event = (key: string, eventName = "ObjectCreated:Put") =>
  JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName, s3: { bucket: { name: "raw" }, object: { key, size: 1, eTag: "x" } } }] });

describe("S3 event keys", () => {
  it.each([
    ["a+b.txt", "a b.txt"],
    ["a%20b.txt", "a b.txt"],
    ["c%2B%2B.txt", "c++.txt"],
    ["%E6%96%B0%E9%97%BB/%E7%AC%AC%E4%B8%89%E7%89%88.txt", "新闻/第三版.txt"],
    ["2026/11/story.txt", "2026/11/story.txt"],
    ["100%25.txt", "100%.txt"],
  ])("%s is the key %s", (raw, key) => {
    expect(parseIngestMessage(event(raw))).toEqual([{ bucket: "raw", key, force: false, reason: "s3:ObjectCreated:Put" }]);
  });

  it("encoding then decoding gives back any key", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (key) => decodeS3EventKey(encodeS3EventKey(key)) === key), { seed: 20261122 });
  });

  it("the bridge's events are what a bucket sends, and parse back", () => {
    const body = s3CreatedEventBody({ bucket: "raw", key: "报 道+1.txt", size: 3, eTag: '"abc"', region: "us-east-1" });
    expect(body).toMatch(/^[\x20-\x7e]*$/);
    const parsed = JSON.parse(body);
    expect(parsed.Records[0].s3.object).toMatchObject({ key: "%E6%8A%A5+%E9%81%93%2B1.txt", size: 3, eTag: "abc" });
    expect(parseIngestMessage(body)).toEqual([{ bucket: "raw", key: "报 道+1.txt", force: false, reason: "s3:ObjectCreated:Put" }]);
  });
});

describe("ingest messages", () => {
  it("s3:TestEvent names no object", () => {
    expect(parseIngestMessage(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Time: "2026-11-22T00:00:00Z", Bucket: "raw" }))).toEqual([]);
  });

  it("events other than creation are ignored", () => {
    expect(parseIngestMessage(event("a.txt", "ObjectRemoved:Delete"))).toEqual([]);
  });

  it("job messages from replay and reprocess", () => {
    expect(parseIngestMessage(jobMessageBody({ bucket: "raw", key: "😀 a.txt", force: true, reason: "replay" }))).toEqual([{ bucket: "raw", key: "😀 a.txt", force: true, reason: "replay" }]);
  });

  it.each(["not json", "{}", JSON.stringify({ Records: [{ eventSource: "aws:s3" }] }), "[]"])("%s is refused with a clear error", (body) => {
    expect(() => parseIngestMessage(body)).toThrow(MalformedMessageError);
  });

  it("bodies are plain ASCII, astral characters included", () => {
    const body = asciiJson({ key: "😀新" });
    expect(body).toBe('{"key":"\\ud83d\\ude00\\u65b0"}');
    expect(JSON.parse(body)).toEqual({ key: "😀新" });
  });
});
