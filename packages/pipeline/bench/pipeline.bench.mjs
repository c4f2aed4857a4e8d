#!/usr/bin/env node
// npm run bench:pipeline: documents/s and upload-to-clean latency through the local runtime
// (embedded emulator, bridge, poller, clean handler), for 1,000 documents of about 20 KB.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startLocalPipeline } from "../dist/local/index.js";
import { generateDocument } from "../../core/bench/generate.mjs";

const COUNT = Number(process.env.BENCH_DOCUMENTS ?? 1000);
const SIZE = 20 * 1024;
const UPLOADS_IN_FLIGHT = 16;

const cleanedAt = new Map();
const pipeline = await startLocalPipeline({
  port: 0,
  reprocessEverySeconds: 0,
  concurrency: 4,
  log: (line) => {
    const match = /^cleaned {2}(\S+)/.exec(line);
    if (match) cleanedAt.set(match[1], performance.now());
  },
});
try {
  // Distinct documents: each seed gives another mix of Chinese and English pages.
  const documents = Array.from({ length: COUNT }, (_, i) => generateDocument(SIZE, i + 1));
  const uploadedAt = new Map();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOADS_IN_FLIGHT }, async () => {
      while (next < COUNT) {
        const i = next++;
        const key = `bench/${String(i).padStart(5, "0")}.txt`;
        await pipeline.clients.s3.send(new PutObjectCommand({ Bucket: "raw", Key: key, Body: documents[i] }));
        uploadedAt.set(key, performance.now());
      }
    }),
  );
  const uploadSeconds = (performance.now() - started) / 1000;
  while (cleanedAt.size < COUNT) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  // Spot-check that the outputs exist.
  await pipeline.clients.s3.send(new HeadObjectCommand({ Bucket: "clean", Key: "bench/00000.txt" }));
  const latencies = [...uploadedAt].map(([key, t]) => cleanedAt.get(key) - t).sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const mb = documents.reduce((n, d) => n + Buffer.byteLength(d), 0) / (1 << 20);
  console.log(`pagemend local pipeline benchmark (node ${process.version}, embedded fauxqs, 4 pollers)`);
  console.log(`${COUNT} documents of ~${SIZE / 1024} KB (${mb.toFixed(1)} MB): all cleaned in ${seconds.toFixed(1)} s (uploads took ${uploadSeconds.toFixed(1)} s)`);
  console.log(`throughput: ${(COUNT / seconds).toFixed(0)} documents/s, ${(mb / seconds).toFixed(2)} MB/s`);
  console.log(`upload-to-clean latency: p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
} finally {
  await pipeline.stop();
}
