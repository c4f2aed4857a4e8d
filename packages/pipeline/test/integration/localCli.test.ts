import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { clean } from "@pagemend/core";
import { createAwsClients } from "../../src/aws/clients.js";
import { readText, waitFor } from "./harness.js";

const bin = join(import.meta.dirname, "../../bin/pagemend-local.js");

it("`npm start -- --watch DIR` uploads what appears in DIR, cleans it, and stops cleanly on Ctrl-C", async () => {
  const inbox = mkdtempSync(join(tmpdir(), "pagemend-inbox-"));
  const child = spawn(process.execPath, [bin, "--port", "0", "--watch", inbox], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const endpoint = await waitFor("the banner", () => Promise.resolve(/S3 and SQS on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]));
    expect(out).toContain("aws s3 cp story.txt s3://raw/ --endpoint-url");
    const text = "（上接第一版）\n会议指出，要坚持稳中求进工作总基调，\n\n完整准确全面贯彻新发展理念。\n";
    writeFileSync(join(inbox, "报道 1.txt"), text);
    await waitFor("cleaned line", () => Promise.resolve(/cleaned {2}报道 1\.txt/.test(out)), 20_000);
    const { s3 } = createAwsClients({ region: "us-east-1", endpoint });
    expect(await readText(s3, "clean", "报道 1.txt")).toBe(clean(text).text);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(out).toContain("stopped.");
  } finally {
    child.kill("SIGKILL");
    rmSync(inbox, { recursive: true, force: true });
  }
});

it("a usage error exits 2 with one line", async () => {
  const child = spawn(process.execPath, [bin, "--port", "abc"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(2);
  expect(err.split("\n")[0]).toMatch(/^pagemend-local: --port: /);
});
