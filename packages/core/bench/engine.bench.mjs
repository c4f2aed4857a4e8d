#!/usr/bin/env node
// npm run bench: the engine's throughput on generated documents of 1, 8 and 64 MB against a
// floor that only decodes, splits into lines and hashes each line; the growth of per-MB time
// with size; and peak memory over the input, each size measured in a fresh child process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateDocument } from "./generate.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const MB = 1 << 20;

if (process.argv[2] === "--child") {
  await measureInChild(process.argv[3], Number(process.argv[4]));
} else {
  await main();
}

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? "1,8,64").split(",").map(Number);
  const dir = mkdtempSync(join(tmpdir(), "pagemend-bench-"));
  const rows = [];
  try {
    for (const size of sizes) {
      const file = join(dir, `doc-${size}.txt`);
      writeFileSync(file, generateDocument(size * MB, size));
      // Enough runs for the JIT to settle at every size: best of at least 32 MB of cleaning.
      const repeats = Math.max(2, Math.ceil(32 / size));
      const child = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=4096", join(here, "engine.bench.mjs"), "--child", file, String(repeats)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      if (child.status !== 0) throw new Error(`benchmark of ${size} MB failed`);
      rows.push(JSON.parse(child.stdout));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pad = (s, n) => String(s).padStart(n);
  console.log(`pagemend engine benchmark (node ${process.version}, best of several runs)`);
  console.log(`${"size".padEnd(8)}${pad("engine ms", 11)}${pad("MB/s", 8)}${pad("floor ms", 10)}${pad("floor MB/s", 12)}${pad("x floor", 9)}${pad("ms/MB", 8)}${pad("peak MB", 9)}${pad("x input", 9)}${pad("edits", 9)}`);
  for (const r of rows) {
    console.log(
      `${`${r.mb.toFixed(0)} MB`.padEnd(8)}${pad(r.engineMs.toFixed(0), 11)}${pad((r.mb / (r.engineMs / 1000)).toFixed(1), 8)}${pad(r.floorMs.toFixed(0), 10)}${pad((r.mb / (r.floorMs / 1000)).toFixed(0), 12)}${pad((r.engineMs / r.floorMs).toFixed(1), 9)}${pad((r.engineMs / r.mb).toFixed(1), 8)}${pad(r.peakMB.toFixed(0), 9)}${pad((r.peakMB / r.mb).toFixed(2), 9)}${pad(r.edits, 9)}`,
    );
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (rows.length > 1) {
    console.log(`per-MB time from ${first.mb.toFixed(0)} to ${last.mb.toFixed(0)} MB grows ${(last.engineMs / last.mb / (first.engineMs / first.mb)).toFixed(2)}x (target <= 1.5x)`);
  }
  const eight = rows.find((r) => Math.round(r.mb) === 8);
  if (eight) console.log(`8 MB: ${(eight.mb / (eight.engineMs / 1000)).toFixed(1)} MB/s (target >= 20), ${(eight.engineMs / eight.floorMs).toFixed(1)}x the floor (target <= 10x)`);
  console.log(`peak memory over input: ${rows.map((r) => `${(r.peakMB / r.mb).toFixed(2)}x`).join(", ")} (target < 8x)`);
  console.log(`counts per rule at ${last.mb.toFixed(0)} MB: ${JSON.stringify(last.counts)}`);
  await shapes();
  await encodingRepair();
}

/** R0: the share of damaged samples restored, false repairs, and what detection and repair cost. */
async function encodingRepair() {
  const { clean, TEXT_REPAIRS, decodeInput } = await import("../dist/index.js");
  const { cleanSentences, measureRestoration, falseRepairs } = await import("./damage.mjs");
  const corpus = join(here, "../../../corpus");
  const sentences = cleanSentences(corpus);
  console.log(`\nR0 on ${sentences.length} clean sentences of the dev corpus (simplified and traditional), each damaged once per kind:`);
  console.log(`  ${"damage".padEnd(24)}${"restored".padStart(10)}${"in part".padStart(9)}${"untouched".padStart(11)}${"worse".padStart(7)}`);
  for (const [kind, r] of Object.entries(measureRestoration(clean, sentences))) {
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    const note = kind === "gbk-shift" ? `   (${pct(r.restoredOfEligible)} of the ${pct(r.eligible)} with 5+ characters to read back)` : "";
    console.log(`  ${kind.padEnd(24)}${pct(r.restored).padStart(10)}${pct(r.partial).padStart(9)}${pct(r.untouched).padStart(11)}${pct(r.wrong).padStart(7)}${note}`);
  }
  const documents = readdirSync(corpus).filter((f) => f.endsWith(".gold.txt")).map((f) => readFileSync(join(corpus, f), "utf8"));
  console.log(`  false repairs on undamaged text (the sentences and the corpus's ${documents.length} gold files): ${falseRepairs(clean, [...sentences, ...documents]).length}`);

  const text = new TextDecoder().decode(generateDocument(8 * MB, 8));
  const mb = Buffer.byteLength(text) / MB;
  let start = performance.now();
  let repairs = 0;
  for (const pass of TEXT_REPAIRS) repairs += pass.run(text).length;
  const repairMs = performance.now() - start;
  const gbk = (await import("iconv-lite")).default.encode(text, "gb18030");
  start = performance.now();
  const decoded = decodeInput(new Uint8Array(gbk));
  const detectMs = performance.now() - start;
  console.log(`  R0 text repairs on the 8 MB generated page: ${(mb / (repairMs / 1000)).toFixed(0)} MB/s, ${repairs} repairs (its CJK is random characters, not Chinese)`);
  console.log(`  the same page as GB18030 bytes: detected ${decoded.encoding.name} (confidence ${decoded.encoding.confidence}) and decoded at ${(gbk.length / MB / (detectMs / 1000)).toFixed(0)} MB/s`);
}

/** Shapes the generator does not make, where a super-linear step would show (it once did: 64 s). */
async function shapes() {
  const { clean } = await import("../dist/index.js");
  const cases = {
    "one 2 MB line": "会议指出，要坚持稳中求进工作总基调（详见附件）。".repeat(80_000),
    "200k identical short lines": "一、\n".repeat(200_000),
    "100k copies of one paragraph": "会议审议并原则通过《太原市突发事件总体应急预案》，要求各级各部门抓好落实，确保各项任务按期完成。\n".repeat(100_000),
    "100k opening then closing brackets": "(".repeat(100_000) + ")".repeat(100_000) + "\n后文。",
    "100k equal-width lines": "这是一个没有结束的句子\n".repeat(100_000),
  };
  console.log("\nshapes (one run each):");
  for (const [name, text] of Object.entries(cases)) {
    const start = performance.now();
    const { report } = clean(text);
    const ms = performance.now() - start;
    const mb = Buffer.byteLength(text) / MB;
    console.log(`  ${name.padEnd(36)} ${mb.toFixed(1).padStart(5)} MB ${ms.toFixed(0).padStart(7)} ms ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s  ${report.edits.length} edits`);
  }
}

/** Decode, split into lines, hash each line: the least any line-based cleaner must do. */
function floor(bytes, fnv1a) {
  const text = new TextDecoder().decode(bytes);
  let h = 0;
  for (const line of text.split(/\r\n|\r|\n/u)) h ^= fnv1a(line);
  return h;
}

async function measureInChild(file, repeats) {
  const { clean } = await import("../dist/index.js");
  const { fnv1a } = await import("../dist/text/keys.js");
  const bytes = readFileSync(file);
  // One-time costs are not the document's: lookup tables built on first use, compiled
  // patterns and code. Cleaning the first 64 KB (cut at a line end) pays them before the
  // baseline is taken.
  clean(bytes.subarray(0, bytes.lastIndexOf(10, 64 * 1024) + 1));
  globalThis.gc();
  const baseline = process.memoryUsage().rss;
  // The first full run also gives the peak: only the small warm-up ran before it.
  let start = performance.now();
  const result = clean(bytes);
  let engineMs = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024 - baseline;
  const counts = result.report.counts;
  const edits = result.report.edits.length;
  for (let i = 1; i < repeats; i++) {
    globalThis.gc();
    start = performance.now();
    clean(bytes);
    engineMs = Math.min(engineMs, performance.now() - start);
  }
  let floorMs = Infinity;
  for (let i = 0; i < repeats; i++) {
    globalThis.gc();
    start = performance.now();
    floor(bytes, fnv1a);
    floorMs = Math.min(floorMs, performance.now() - start);
  }
  process.stdout.write(JSON.stringify({ mb: bytes.length / MB, engineMs, floorMs, peakMB: peak / MB, counts, edits }));
}
