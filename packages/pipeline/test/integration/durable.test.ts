import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clean, ENGINE_VERSION } from "@pagemend/core";
import { hasCurrentOutput, pathInside, sha256 } from "../../src/local/durableFolders.js";
import { waitFor } from "./harness.js";

const bin = join(import.meta.dirname, "../../bin/pagemend-local.js");
const children: ChildProcess[] = [];

function start(inbox: string, outbox: string, ...extra: string[]) {
  const child = spawn(process.execPath, [bin, "--port", "0", "--reprocess-every", "0", "--inbox", inbox, "--outbox", outbox, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const run = { out: "", exited: new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code))), child };
  child.stdout!.on("data", (chunk: Buffer) => (run.out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (run.out += chunk.toString()));
  return run;
}

/** Runs `body` with a fresh inbox and outbox, removed afterwards. */
async function withFolders(body: (inbox: string, outbox: string) => Promise<void>): Promise<void> {
  const inbox = mkdtempSync(join(tmpdir(), "pagemend-inbox-"));
  const outbox = mkdtempSync(join(tmpdir(), "pagemend-outbox-"));
  try {
    await body(inbox, outbox);
  } finally {
    rmSync(inbox, { recursive: true, force: true });
    rmSync(outbox, { recursive: true, force: true });
  }
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A document of its own for each n, with joins and a marker to clean. */
const documentText = (n: number) => `（上接第${n}版）\n第${n}号文件指出，要坚持稳中求进工作总基调，\n\n完整准确全面贯彻新发展理念。\nThe report number ${n} was\nread to the board.\n`;

describe("durable local mode (--inbox, --outbox)", () => {
  it("loses nothing that was dropped in the inbox when the runtime is killed mid-burst, and skips what is done at restart", () =>
    withFolders(async (inbox, outbox) => {
      const first = start(inbox, outbox);
      await waitFor("the banner", () => Promise.resolve(first.out.includes("Ctrl-C stops.")));
      const count = 120;
      for (let n = 0; n < count; n++) writeFileSync(join(inbox, `burst/doc-${n}.txt`.replace("/", "-")), documentText(n));
      // Kill it (no Ctrl-C, no drain) once some, but not all, are cleaned.
      await waitFor("a few cleaned", () => Promise.resolve((first.out.match(/^\[[0-9:]+\] cleaned /gmu) ?? []).length >= 5), 60_000);
      first.child.kill("SIGKILL");
      await first.exited;
      const doneBefore = Array.from({ length: count }, (_, n) => existsSync(join(outbox, "_reports", `burst-doc-${n}.txt.json`))).filter(Boolean).length;
      expect(doneBefore).toBeLessThan(count);

      const second = start(inbox, outbox);
      await waitFor("all cleaned", () => Promise.resolve(Array.from({ length: count }, (_, n) => existsSync(join(outbox, "_reports", `burst-doc-${n}.txt.json`))).every(Boolean)), 120_000);
      for (let n = 0; n < count; n++) {
        expect(readFileSync(join(outbox, `burst-doc-${n}.txt`), "utf8")).toBe(clean(documentText(n)).text);
        const report = JSON.parse(readFileSync(join(outbox, "_reports", `burst-doc-${n}.txt.json`), "utf8"));
        expect(report).toMatchObject({ inbox: { sha256: sha256(Buffer.from(documentText(n))) }, engineVersion: ENGINE_VERSION });
      }
      expect(second.out).toContain(`inbox: ${doneBefore} file(s) already have a current output in ${outbox}; ${count - doneBefore} uploaded`);
      second.child.kill("SIGINT");
      expect(await second.exited).toBe(0);
      expect(second.out).toContain("every queued document was cleaned.");

      // A third start finds everything current and uploads nothing.
      const third = start(inbox, outbox);
      await waitFor("the inbox read", () => Promise.resolve(third.out.includes(`inbox: ${count} file(s) already have a current output in ${outbox}; 0 uploaded`)));
      expect(third.out).not.toMatch(/uploaded burst-doc/u);
      third.child.kill("SIGINT");
      expect(await third.exited).toBe(0);
    }), 240_000);

  it("on Ctrl-C, says how many documents were left and what becomes of them", () =>
    withFolders(async (inbox, outbox) => {
      const run = start(inbox, outbox, "--drain-seconds", "0");
      await waitFor("the banner", () => Promise.resolve(run.out.includes("Ctrl-C stops.")));
      for (let n = 0; n < 200; n++) writeFileSync(join(inbox, `late-${n}.txt`), documentText(n));
      await waitFor("an upload", () => Promise.resolve(/uploaded late-/u.test(run.out)), 30_000);
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(0);
      expect(run.out).toMatch(/every queued document was cleaned\.|\d+ document\(s\) were still queued: they are in the inbox and are cleaned at the next start\./u);
    }), 120_000);

  it("never writes outside the outbox, and reads an output as current only for the same file and engine", async () => {
    const outbox = mkdtempSync(join(tmpdir(), "pagemend-outbox-"));
    expect(pathInside(outbox, "a/b.txt")).toBe(join(outbox, "a/b.txt"));
    expect(pathInside(outbox, "../escape.txt")).toBeUndefined();
    expect(pathInside(outbox, "a/../../escape.txt")).toBeUndefined();
    expect(pathInside(outbox, "/etc/passwd")).toBeUndefined();
    writeFileSync(join(outbox, "a.txt"), "cleaned\n");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(outbox, "_reports"));
    writeFileSync(join(outbox, "_reports", "a.txt.json"), JSON.stringify({ inbox: { sha256: "abc" }, engineVersion: ENGINE_VERSION }));
    expect(await hasCurrentOutput(outbox, "a.txt", "abc")).toBe(true);
    expect(await hasCurrentOutput(outbox, "a.txt", "other")).toBe(false);
    rmSync(join(outbox, "a.txt"));
    expect(await hasCurrentOutput(outbox, "a.txt", "abc")).toBe(false);
    rmSync(outbox, { recursive: true, force: true });
  });
});
