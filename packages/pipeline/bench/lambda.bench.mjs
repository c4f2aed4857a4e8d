#!/usr/bin/env node
// npm run bench:lambda: what a cold start of each Lambda function costs, on the bundles SST
// builds from the real sst.config.ts (synthesized offline for a "bench" stage):
// - bundle sizes (and gzip, about what the deployment zip holds);
// - cold import: a fresh Node process importing the bundle, as Lambda's init does;
// - the clean handler's first and warm calls on a 20 KB document, against the embedded emulator;
// - the engine alone: import, first clean() and warm clean() of the same document.
// Each cold figure is the median of BENCH_RUNS fresh processes (default 7).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.env.SST_TELEMETRY_DISABLED = "1";
// SST's offline mode, as under its test runner: a deploy-mode synthesis would otherwise look up
// the account's bootstrap bucket (for source-map uploads), which needs AWS credentials.
process.env.NODE_ENV = "test";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { initProject, useProject } from "sst/project.js";
import { load } from "sst/stacks/build.js";
import { App, Function as SstFunction } from "sst/constructs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = fileURLToPath(new URL("../../../", import.meta.url));
process.chdir(root);

// The bundles, exactly as a deploy builds them.
await initProject({ stage: "bench" });
const project = useProject();
// initProject reads the config without its stacks; SST's own loader gives the whole of it.
const [, config] = await load(project.paths.config);
const app = new App({ mode: "deploy", stage: "bench", name: project.config.name, region: project.config.region });
await config.stacks(app);
await app.finish();
const bundles = app.node
  .findAll()
  .filter((c) => c instanceof SstFunction)
  .map((fn) => {
    const handler = fn.node.defaultChild.handler; // functions/clean.handler
    const name = handler.replace(/^functions\//, "").replace(/\.handler$/, "");
    const file = join(root, ".sst/artifacts", fn.node.addr, `functions/${name}.mjs`);
    return { name, file };
  })
  .filter(({ file }) => existsSync(file));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

/** Runs `source` as an ES module in a fresh Node process and returns the JSON it prints last. */
function fresh(source, flags = []) {
  const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", source], { cwd: root, encoding: "utf8", env: { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" } });
  return JSON.parse(out.trim().split("\n").pop());
}

const environment = {
  AWS_REGION: "us-east-1",
  PAGEMEND_RAW_BUCKET: "raw",
  PAGEMEND_CLEAN_BUCKET: "clean",
  PAGEMEND_CLEANED_QUEUE_URL: "http://127.0.0.1:9/cleaned",
  PAGEMEND_INGEST_QUEUE_URL: "http://127.0.0.1:9/ingest",
  PAGEMEND_DEAD_LETTER_QUEUE_URL: "http://127.0.0.1:9/dead",
};

const importSource = (file) => `
Object.assign(process.env, ${JSON.stringify(environment)});
const started = performance.now();
await import(${JSON.stringify(pathToFileURL(file).href)});
console.log(JSON.stringify({ importMs: performance.now() - started }));`;

// The clean handler: import, then a first and warm calls on distinct 20 KB objects.
const handlerSource = (file) => `
Object.assign(process.env, ${JSON.stringify(environment)});
const { generateDocument } = await import(${JSON.stringify(pathToFileURL(join(root, "packages/core/bench/generate.mjs")).href)});
const { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } = await import("@aws-sdk/client-s3");
const { startLocalPipeline, lambdaContext } = await import("@pagemend/pipeline/local");
const { s3CreatedEventBody } = await import("@pagemend/pipeline");
// The emulator first (its own modules are not the bundle's), then the bundle as Lambda loads it.
// The local runtime's bridge watches another raw bucket, so only the bundle cleans "raw".
const pipeline = await startLocalPipeline({ port: 0, reprocessEverySeconds: 0, names: { ingestQueue: "unused-ingest", rawBucket: "bridged-raw" }, log: () => {} });
await pipeline.clients.s3.send(new CreateBucketCommand({ Bucket: "raw" }));
process.env.PAGEMEND_ENDPOINT_URL = pipeline.endpoint;
process.env.PAGEMEND_CLEANED_QUEUE_URL = pipeline.resources.cleaned.url;
const text = generateDocument(20 * 1024, 1);
const calls = 21;
const records = [];
for (let i = 0; i < calls; i++) {
  const key = "bench/" + i + ".txt";
  const put = await pipeline.clients.s3.send(new PutObjectCommand({ Bucket: "raw", Key: key, Body: text }));
  records.push({ messageId: "m" + i, receiptHandle: "r", body: s3CreatedEventBody({ bucket: "raw", key, size: Buffer.byteLength(text), eTag: put.ETag, region: "us-east-1" }), attributes: { ApproximateReceiveCount: "1" }, messageAttributes: {}, md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:ingest", awsRegion: "us-east-1" });
}
const importStarted = performance.now();
const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
const importMs = performance.now() - importStarted;
const times = [];
for (const record of records) {
  const t = performance.now();
  const response = await handler({ Records: [record] }, lambdaContext("clean", 60000));
  if (response.batchItemFailures.length) throw new Error("a bench document failed");
  times.push(performance.now() - t);
}
// Every call cleaned its own document (nothing else writes to the clean bucket here).
for (let i = 0; i < calls; i++) await pipeline.clients.s3.send(new HeadObjectCommand({ Bucket: "clean", Key: "bench/" + i + ".txt" }));
await pipeline.stop();
const warm = times.slice(1).sort((a, b) => a - b);
console.log(JSON.stringify({ importMs, firstMs: times[0], warmMs: warm[Math.floor(warm.length / 2)], bytes: Buffer.byteLength(text) }));`;

// The engine alone, from the workspace's build; with the warm-up the clean function runs at init, or without.
const engineSource = (warm) => `
const { generateDocument } = await import(${JSON.stringify(pathToFileURL(join(root, "packages/core/bench/generate.mjs")).href)});
const text = generateDocument(20 * 1024, 1);
const started = performance.now();
const { clean, warmUp } = await import("@pagemend/core");
const importMs = performance.now() - started;
const warmStarted = performance.now();
if (${warm}) warmUp();
const warmUpMs = performance.now() - warmStarted;
const times = [];
for (let i = 0; i < 31; i++) {
  const t = performance.now();
  clean(text);
  times.push(performance.now() - t);
}
const warm = times.slice(1).sort((a, b) => a - b);
console.log(JSON.stringify({ importMs, warmUpMs, firstMs: times[0], secondMs: times[1], warmMs: warm[Math.floor(warm.length / 2)] }));`;

console.log(`pagemend Lambda cold-start benchmark (node ${process.version}; ${RUNS} fresh processes per figure; medians, ranges in brackets)`);
console.log("");
console.log("| function | bundle | gzip | source map | cold import (init) | with --enable-source-maps |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const { name, file } of bundles) {
  const size = statSync(file).size;
  const gzip = gzipSync(readFileSync(file)).length;
  const map = existsSync(`${file}.map`) ? statSync(`${file}.map`).size : 0;
  const plain = Array.from({ length: RUNS }, () => fresh(importSource(file)).importMs);
  const mapped = map ? Array.from({ length: RUNS }, () => fresh(importSource(file), ["--enable-source-maps"]).importMs) : [];
  console.log(`| ${name} | ${kb(size)} | ${kb(gzip)} | ${map ? kb(map) : "none"} | ${median(plain).toFixed(0)} ms (${range(plain)}) | ${map ? `${median(mapped).toFixed(0)} ms (${range(mapped)})` : "–"} |`);
}

const clean = bundles.find((b) => b.name === "clean");
const handlerRuns = Array.from({ length: RUNS }, () => fresh(handlerSource(clean.file)));
const coldEngine = Array.from({ length: RUNS }, () => fresh(engineSource(false)));
const warmedEngine = Array.from({ length: RUNS }, () => fresh(engineSource(true)));
const figure = (runs, key) => `${median(runs.map((r) => r[key])).toFixed(1)} ms (${range(runs.map((r) => r[key]))})`;
const ratio = (runs) => median(runs.map((r) => r.firstMs / r.warmMs)).toFixed(1);
console.log("");
console.log(`clean handler (warms the engine up at init), one ${kb(handlerRuns[0].bytes)} document per call against the embedded emulator:`);
console.log(`  import and init ${figure(handlerRuns, "importMs")}, first call ${figure(handlerRuns, "firstMs")}, warm call ${figure(handlerRuns, "warmMs")}`);
console.log(`engine alone (packages/core), clean() of the same document:`);
console.log(`  cold:   import ${figure(coldEngine, "importMs")}, first call ${figure(coldEngine, "firstMs")}, second ${figure(coldEngine, "secondMs")}, warm ${figure(coldEngine, "warmMs")}; first / warm ${ratio(coldEngine)}x`);
console.log(`  warmUp: warm-up ${figure(warmedEngine, "warmUpMs")}, first call ${figure(warmedEngine, "firstMs")}, warm ${figure(warmedEngine, "warmMs")}; first / warm ${ratio(warmedEngine)}x (target: at most 2x)`);
