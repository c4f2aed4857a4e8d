#!/usr/bin/env node
// npm run bench:console: how the console's pages answer over a raw bucket of 100,000 objects
// (BENCH_OBJECTS to change it), on the embedded emulator. The objects get no outputs (no
// pipeline runs), so every key costs the console its two heads: the worst case for a page.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createAwsClients } from "@pagemend/pipeline";
import { DEFAULT_RESOURCE_NAMES, ensureResources, startEmulator } from "@pagemend/pipeline/local";
import { endpointBackend, startConsole } from "../dist/server/index.js";

const total = Number(process.env.BENCH_OBJECTS ?? 100_000);
const emulator = await startEmulator({ port: 0, region: "us-east-1" });
const clients = createAwsClients({ region: "us-east-1", endpoint: emulator.endpoint });
await ensureResources(clients, DEFAULT_RESOURCE_NAMES, { visibilityTimeoutSeconds: 720, maxReceiveCount: 3 });

const key = (i) => `2026/${String(Math.floor(i / 1000)).padStart(3, "0")}/page-${String(i).padStart(6, "0")}.txt`;
let started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < total) {
      const i = next++;
      await clients.s3.send(new PutObjectCommand({ Bucket: DEFAULT_RESOURCE_NAMES.rawBucket, Key: key(i), Body: `第${i}篇。\n` }));
    }
  }),
);
console.log(`uploaded ${total.toLocaleString()} objects in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const server = await startConsole(await endpointBackend({ endpoint: emulator.endpoint, region: "us-east-1" }), { port: 0 });
const time = async (label, path, runs = 5) => {
  const ms = [];
  let body;
  for (let r = 0; r < runs; r++) {
    started = performance.now();
    body = await (await fetch(`${server.url}${path}`)).json();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const rows = body.jobs ? `${body.jobs.length} rows, ${body.scanned} keys looked at` : `object count: ${body.objects ?? "still counting"}`;
  console.log(`  ${label.padEnd(44)} median ${ms[Math.floor(runs / 2)].toFixed(0).padStart(5)} ms   (${rows})`);
};
console.log(`console over ${total.toLocaleString()} objects (50 rows a page):`);
await time("first page", "/api/jobs?limit=50");
await time("a page in the middle (after a key)", `/api/jobs?limit=50&after=${encodeURIComponent(key(Math.floor(total / 2)))}`);
await time("the last page", `/api/jobs?limit=50&after=${encodeURIComponent(key(total - 20))}`);
await time("a prefix (one folder of 1,000)", "/api/jobs?limit=50&prefix=2026/050/");
await time("search for a key part (000123)", "/api/jobs?limit=50&q=000123");
await time("state filter: failed (read from _errors/)", "/api/jobs?limit=50&state=failed", 3);
await time("state filter: cleaned (none; looks at 500 keys)", "/api/jobs?limit=50&state=cleaned", 3);
await time("summary (never waits for the count)", "/api/summary", 3);
started = performance.now();
while ((await (await fetch(`${server.url}/api/summary`)).json()).objects === null) await new Promise((r) => setTimeout(r, 200));
console.log(`  the object count in the background took ${((performance.now() - started) / 1000).toFixed(1)} s`);
await server.close();
await emulator.stop();
