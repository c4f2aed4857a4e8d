#!/usr/bin/env node
// npm run soak: the local pipeline in durable mode under a bounded soak. 3,000 documents
// (SOAK_DOCUMENTS to change), 5% poison, written into the inbox by 16 writers while the
// runtime runs; when half are done, the runtime is killed (SIGKILL: no drain, no goodbye)
// and started again. At the end every good document must have its cleaned text and report in the outbox,
// equal to what `pagemend clean` makes, and every poison its error record. Prints documents/s.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clean } from "@pagemend/core";
import { generateDocument } from "../../core/bench/generate.mjs";

const COUNT = Number(process.env.SOAK_DOCUMENTS ?? 3000);
const SIZE = 8 * 1024;
const WRITERS = 16;
const POISON_EVERY = 20; // 5%
const TIMEOUT_MS = Number(process.env.SOAK_TIMEOUT_SECONDS ?? 900) * 1000;
const bin = join(import.meta.dirname, "../bin/pagemend-local.js");

const inbox = mkdtempSync(join(tmpdir(), "pagemend-soak-inbox-"));
const outbox = mkdtempSync(join(tmpdir(), "pagemend-soak-outbox-"));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const name = (i) => `doc-${String(i).padStart(5, "0")}.txt`;
const isPoison = (i) => i % POISON_EVERY === POISON_EVERY - 1;
const bodyOf = (i) => (isPoison(i) ? (i % (2 * POISON_EVERY) === POISON_EVERY - 1 ? PNG : Buffer.alloc(0)) : Buffer.from(generateDocument(SIZE, i + 1)));

function startRuntime() {
  const child = spawn(process.execPath, [bin, "--port", "0", "--reprocess-every", "0", "--inbox", inbox, "--outbox", outbox], { stdio: ["ignore", "pipe", "pipe"] });
  const run = { child, out: "", exited: new Promise((resolve) => child.on("exit", resolve)) };
  child.stdout.on("data", (chunk) => (run.out += chunk.toString()));
  child.stderr.on("data", (chunk) => (run.out += chunk.toString()));
  return run;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what, probe) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`soak: timed out waiting for ${what}`);
    await sleep(200);
  }
}
const done = (i) => existsSync(join(outbox, isPoison(i) ? `_errors/${name(i)}.json` : `_reports/${name(i)}.json`));
const countDone = () => Array.from({ length: COUNT }, (_, i) => done(i)).filter(Boolean).length;

let runtime = startRuntime();
let failed = false;
try {
  await until("the first start", () => runtime.out.includes("Ctrl-C stops."));
  const started = performance.now();
  let next = 0;
  // Halfway through the work, the runtime dies (no drain, no goodbye) and comes back.
  const restarted = (async () => {
    await until("half the documents", () => next >= COUNT / 2 && countDone() >= COUNT / 2);
    runtime.child.kill("SIGKILL");
    await runtime.exited;
    const before = countDone();
    runtime = startRuntime();
    await until("the restart", () => runtime.out.includes("Ctrl-C stops."));
    return before;
  })();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < COUNT) {
        const i = next++;
        await writeFile(join(inbox, name(i)), bodyOf(i));
      }
    }),
  );
  const writeSeconds = (performance.now() - started) / 1000;
  const doneAtCrash = await restarted;
  await until("every document", () => countDone() === COUNT);
  const seconds = (performance.now() - started) / 1000;

  // Every good document as `pagemend clean` makes it; every poison with its record.
  let wrong = 0;
  for (let i = 0; i < COUNT; i++) {
    if (isPoison(i)) {
      const record = JSON.parse(readFileSync(join(outbox, `_errors/${name(i)}.json`), "utf8"));
      if (record.code !== (bodyOf(i).length === 0 ? "empty" : "binary")) wrong++;
    } else if (readFileSync(join(outbox, name(i)), "utf8") !== clean(bodyOf(i)).text) wrong++;
  }
  runtime.child.kill("SIGINT");
  await runtime.exited;
  const poison = Array.from({ length: COUNT }, (_, i) => i).filter(isPoison).length;
  console.log(`pagemend soak (node ${process.version}, durable local mode, ${WRITERS} writers into the inbox)`);
  console.log(`${COUNT} documents of ~${SIZE / 1024} KB, ${poison} of them poison (empty or binary); the runtime killed once, after ${doneAtCrash} were done`);
  console.log(`all written in ${writeSeconds.toFixed(1)} s; every document done in ${seconds.toFixed(1)} s: ${(COUNT / seconds).toFixed(0)} documents/s`);
  console.log(`outputs checked: ${COUNT - poison} cleaned texts equal to pagemend clean's, ${poison} error records; ${wrong} wrong`);
  if (wrong > 0) failed = true;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(runtime.out.split("\n").slice(-20).join("\n"));
  failed = true;
} finally {
  runtime.child.kill("SIGKILL");
  rmSync(inbox, { recursive: true, force: true });
  rmSync(outbox, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
