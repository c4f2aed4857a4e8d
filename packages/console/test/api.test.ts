import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalPipeline, type LocalPipeline } from "@pagemend/pipeline/local";
import { localBackend, PipelineEvents } from "../src/server/localBackend.js";
import { startConsole, type ConsoleServer } from "../src/server/server.js";

/** The console's HTTP API over the local pipeline, through plain fetch: the rules a browser test cannot see. */

let pipeline: LocalPipeline;
let server: ConsoleServer;
const events = new PipelineEvents();

beforeAll(async () => {
  pipeline = await startLocalPipeline({ port: 0, visibilityTimeoutSeconds: 1, reprocessEverySeconds: 0, onEvent: events.onEvent });
  server = await startConsole(localBackend(pipeline, events), { port: 0, maxUploadBytes: 1000 });
});

afterAll(async () => {
  await server?.close();
  await pipeline?.stop();
});

const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

const acting = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", "x-pagemend-token": server.token, ...headers },
  body: JSON.stringify(body),
});

describe("the console's API", () => {
  it("listens on 127.0.0.1 only and sends its security headers on every answer", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ["/", "/api/jobs", "/api/document?key=none", "/nowhere"]) {
      const response = await call(path);
      expect(response.headers.get("content-security-policy"), path).toContain("script-src 'self'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("access-control-allow-origin"), path).toBeNull();
    }
  });

  it("puts the session token in the page, and nowhere else", async () => {
    const html = await (await call("/")).text();
    expect(html).toContain(`<meta name="pagemend-token" content="${server.token}">`);
    expect(await (await call("/api/summary")).text()).not.toContain(server.token);
  });

  it("answers bad requests with a status and a one-line reason", async () => {
    expect((await call("/api/jobs?state=bogus")).status).toBe(400);
    expect((await call("/api/document")).status).toBe(400);
    const missing = await call("/api/document?key=no%20such.txt");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no object "no such.txt"/);
    expect((await call("/api/report?key=no%20such.txt")).status).toBe(404);
    expect((await call("/api/replay", { ...acting({ key: "a" }), headers: { "x-pagemend-token": server.token, "content-type": "text/plain" } })).status).toBe(415);
    expect((await call("/api/replay", acting({ key: "" }))).status).toBe(400);
    expect((await call("/assets/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await call("/assets/nothing.js")).status).toBe(404);
  });

  it("refuses uploads over the limit and keeps nothing of them", async () => {
    const response = await call("/api/upload?key=big.txt", { method: "PUT", headers: { "x-pagemend-token": server.token }, body: "x".repeat(2000) });
    expect(response.status).toBe(413);
    const page = (await (await call("/api/jobs")).json()) as { jobs: { key: string }[] };
    expect(page.jobs.map((j) => j.key)).not.toContain("big.txt");
  });

  it("records a failed action with its reason", async () => {
    const started = (await (await call("/api/replay", acting({ key: "never uploaded.txt" }))).json()) as { id: string; status: string };
    expect(started.status).toBe("running");
    await expect
      .poll(async () => ((await (await call("/api/actions")).json()) as { actions: { id: string; status: string; message?: string }[] }).actions.find((a) => a.id === started.id))
      .toMatchObject({ status: "failed", message: expect.stringMatching(/UnknownKeyError: no object "never uploaded.txt"/) });
  });

  it("uploads, cleans and serves the document, its output and its report for download", async () => {
    const text = "（上接第一版）\n会议指出，要坚持稳中求进工作总基调，\n完整准确全面贯彻新发展理念。\n";
    const put = await call("/api/upload?key=docs%2F%E6%8A%A5%E9%81%93.txt", { method: "PUT", headers: { "x-pagemend-token": server.token }, body: text });
    expect(put.status).toBe(201);
    await expect.poll(async () => ((await (await call("/api/jobs?prefix=docs/")).json()) as { jobs: { state: string }[] }).jobs[0]?.state, { timeout: 20_000 }).toBe("cleaned");
    const view = (await (await call("/api/document?key=docs%2F%E6%8A%A5%E9%81%93.txt")).json()) as { source: string; cleaned: string; report: { counts: Record<string, number> } };
    expect(view.source).toBe(text);
    expect(view.cleaned).toBe("会议指出，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。\n");
    expect(view.report.counts).toMatchObject({ R1: 1, R2: 1 });
    const report = await call("/api/report?key=docs%2F%E6%8A%A5%E9%81%93.txt");
    expect(report.headers.get("content-disposition")).toBe(`attachment; filename="__.txt.report.json"; filename*=UTF-8''%E6%8A%A5%E9%81%93.txt.report.json`);
    expect(((await report.json()) as { source: { key: string } }).source.key).toBe("docs/报道.txt");
  });
});

describe("pagemend console (the CLI)", () => {
  const pagemend = join(import.meta.dirname, "../../core/bin/pagemend.js");
  const run = (args: string[]) => {
    const child = spawn(process.execPath, [pagemend, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { child, exited, output: () => out };
  };

  it("says how to use it, and exits 2 on a usage error", async () => {
    const help = run(["console", "--help"]);
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/pagemend console --stage NAME/);
    const wrong = run(["console"]);
    expect(await wrong.exited).toBe(2);
    expect(wrong.output().trim()).toBe("pagemend console: give --stage NAME or --endpoint URL (one of them) (see pagemend console --help)");
  });

  it("serves the console over a running pipeline's endpoint and stops on Ctrl-C", async () => {
    const started = run(["console", "--endpoint", pipeline.endpoint, "--port", "0"]);
    const console = /: (http:\/\/127\.0\.0\.1:\d+)\nCtrl-C stops/;
    await expect.poll(() => console.exec(started.output())?.[1], { timeout: 20_000 }).toBeTruthy();
    const url = console.exec(started.output())![1]!;
    const summary = (await (await fetch(`${url}/api/summary`)).json()) as { label: string; rawBucket: string };
    expect(summary).toMatchObject({ label: `pipeline on ${pipeline.endpoint}`, rawBucket: "raw" });
    // Its actions go through the pipeline's job functions: a forced sweep of a prefix.
    const token = /name="pagemend-token" content="([^"]+)"/.exec(await (await fetch(url)).text())![1]!;
    const sweep = (await (
      await fetch(`${url}/api/reprocess`, { method: "POST", headers: { "content-type": "application/json", "x-pagemend-token": token }, body: JSON.stringify({ prefix: "docs/", force: true }) })
    ).json()) as { id: string };
    await expect
      .poll(async () => ((await (await fetch(`${url}/api/actions`)).json()) as { actions: { id: string; status: string; message?: string }[] }).actions.find((a) => a.id === sweep.id))
      .toMatchObject({ status: "done", message: "looked at 1 object(s), queued 1 to be cleaned again" });
    started.child.kill("SIGINT");
    expect(await started.exited).toBe(0);
  });

  it("exits 1 with one line when the endpoint cannot be read", async () => {
    const failed = run(["console", "--endpoint", "http://127.0.0.1:1", "--port", "0"]);
    expect(await failed.exited).toBe(1);
    expect(failed.output().trim().split("\n")).toHaveLength(1);
  });
});

it("`npm start` serves the console beside the pipeline", async () => {
  const bin = join(import.meta.dirname, "../bin/pagemend-dev.js");
  const child = spawn(process.execPath, [bin, "--port", "0", "--console-port", "0", "--reprocess-every", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    await expect.poll(() => /Dev console: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], { timeout: 20_000 }).toBeTruthy();
    const url = /Dev console: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect((await fetch(url)).status).toBe(200);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  } finally {
    child.kill("SIGKILL");
  }
});
