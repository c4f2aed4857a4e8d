import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clean } from "@pagemend/core";
import { generateDocument } from "../../../core/bench/generate.mjs";
import { outcomesOf, startConsoleRig, type ConsoleRig } from "./harness.js";

/**
 * The console in a real browser (Debian's chromium, headless) against the running local
 * pipeline: upload by drag and drop, watch the job get cleaned, read the diff, replay,
 * reprocess, redrive, page through many keys, and a hostile document that must stay inert.
 * With PAGEMEND_SCREENSHOTS=1 it also writes the README's screenshots into docs/.
 */

const SAMPLE = [
  "政府工作报告",
  "",
  "(上接第三版)",
  "",
  "会议指出，要坚持稳中求进工作总基调，统筹发展和安全，",
  "推动经济持续向好。",
  "",
  "会议审议并原则通过《太原市突发事件总体应急预案》，要求各级各部门抓好落实，确保各项任务按期完成。",
  "",
  "责任编辑：王敏",
  "",
  "会议审议并原则通过《太原市突发事件总体应急预案》，要求各级各部门抓好落实，确保各项任务按期完成。",
  "",
].join("\n");

const HOSTILE = [
  "<script>window.__pwned = 'script'</script>",
  "<img src=x onerror=\"window.__pwned = 'img'\">",
  '"><svg onload="window.__pwned = \'svg\'"></svg>',
  "javascript:window.__pwned='link' 和 (上接第三版) 的正文，",
  "接着写完。",
  "",
].join("\n");

const screenshots = process.env.PAGEMEND_SCREENSHOTS === "1" ? fileURLToPath(new URL("../../../../docs/", import.meta.url)) : undefined;

let rig: ConsoleRig;
let page: Page;

beforeAll(async () => {
  rig = await startConsoleRig();
  const context = await rig.browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
}, 60_000);

afterAll(async () => {
  await rig?.stop();
});

async function openJobs(): Promise<void> {
  await page.goto(rig.console.url);
  await page.waitForSelector("#jobs[data-loaded]");
}

/** Drops a file on the drop zone the way a browser does: a drop event carrying a DataTransfer with the file. */
async function dropFile(name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName, { type: "text/plain" }));
      return data;
    },
    [name, text] as const,
  );
  await page.dispatchEvent("#dropzone", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent("#dropzone", "drop", { dataTransfer: transfer });
}

const row = (key: string) => page.locator(`#jobs-body tr[data-key="${key}"]`);

describe("the dev console in chromium", () => {
  it("uploads a dropped file and shows it cleaned without a reload", async () => {
    await openJobs();
    await expect(page.locator("#jobs-body").innerText()).resolves.toContain("No objects yet");
    await dropFile("2026/政府 工作报告.txt", SAMPLE);
    await page.waitForSelector('#actions li[data-action="upload"][data-status="done"]');
    // The page is not reloaded: the pipeline's events bring the row and its state.
    await page.waitForSelector('#jobs-body tr[data-key="2026/政府 工作报告.txt"][data-state="cleaned"]', { timeout: 30_000 });
    const cells = await row("2026/政府 工作报告.txt").locator("td").allInnerTexts();
    // key, state, size, time, R0..R5, uploaded, action
    expect(cells[1]).toBe("cleaned");
    expect(cells.slice(4, 10)).toEqual(["", "1", "1", "1", "", "1"]);
    await expect(page.locator("#live").innerText()).resolves.toBe("live");
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, "console-jobs.png") });
    }
  });

  it("shows the original beside the output, every edit coloured by rule, with its reason and a link to the kept twin", async () => {
    await row("2026/政府 工作报告.txt").locator("a").click();
    await page.waitForSelector("body[data-loaded]");
    expect(page.url()).toContain("/document?key=2026%2F");
    const marked = await page.locator("#source .edit").evaluateAll((spans) => spans.map((s) => ({ rule: s.getAttribute("data-rule"), kind: s.getAttribute("data-kind"), text: s.textContent, title: s.getAttribute("title") })));
    const byRule = (rule: string) => marked.filter((m) => m.rule === rule);
    expect(byRule("R1").map((m) => m.text)).toContain("(上接第三版)");
    expect(byRule("R1")[0]!.title).toMatch(/jump marker/);
    expect(byRule("R2").map((m) => m.kind)).toContain("join");
    expect(byRule("R5").map((m) => m.text)).toContain("责任编辑：王敏");
    const duplicate = byRule("R3")[0]!;
    expect(duplicate.text).toContain("会议审议并原则通过");
    expect(duplicate.title).toMatch(/kept copy at line 8/);
    await expect(page.locator("#cleaned").innerText()).resolves.toBe(
      "政府工作报告\n会议指出，要坚持稳中求进工作总基调，统筹发展和安全，推动经济持续向好。\n会议审议并原则通过《太原市突发事件总体应急预案》，要求各级各部门抓好落实，确保各项任务按期完成。\n",
    );
    // The link from the removed copy lands on the kept one, at line 8.
    await page.locator("#source a.twin-link").first().click();
    const target = page.locator(".twin-target:target");
    await expect(target.count()).resolves.toBe(1);
    const keptText = await target.evaluate((node) => node.nextSibling?.textContent ?? "");
    expect(keptText.startsWith("会议审议并原则通过")).toBe(true);
    // The report downloads as the stored JSON.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
    expect(download.suggestedFilename()).toBe("政府 工作报告.txt.report.json");
    if (screenshots) await page.screenshot({ path: join(screenshots, "console-document.png"), fullPage: false });
  });

  it("replays a job from its page and shows the action's progress and result", async () => {
    const key = "2026/政府 工作报告.txt";
    const before = outcomesOf(rig, key);
    await page.locator("#replay-force").check();
    await page.locator("#replay").click();
    const action = page.locator('#actions li[data-action="replay"]').first();
    await action.and(page.locator('[data-status="done"]')).waitFor();
    await expect(action.innerText()).resolves.toMatch(/queued to be cleaned again/);
    // The forced replay really cleans again: one more outcome for the key.
    await expect.poll(() => outcomesOf(rig, key), { timeout: 30_000 }).toBe(before + 1);
  });

  it("renders a hostile document as inert text", async () => {
    const key = "hostile <script>.txt";
    await rig.pipeline.clients.s3.send(new PutObjectCommand({ Bucket: rig.pipeline.resources.rawBucket, Key: key, Body: HOSTILE }));
    await page.goto(`${rig.console.url}/document?key=${encodeURIComponent(key)}`);
    await page.waitForSelector("body[data-loaded]");
    await expect.poll(() => page.locator("#facts").innerText(), { timeout: 30_000 }).toMatch(/edits/);
    await page.reload();
    await page.waitForSelector("body[data-loaded]");
    const source = await page.locator("#source").innerText();
    expect(source).toContain("<script>window.__pwned = 'script'</script>");
    expect(source).toContain("<img src=x onerror=");
    await expect(page.locator("#key").innerText()).resolves.toBe(key);
    for (const selector of ["#source script", "#source img", "#source svg", "#cleaned script", "#cleaned img", "#key script"]) {
      await expect(page.locator(selector).count(), selector).resolves.toBe(0);
    }
    await page.waitForTimeout(300);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).resolves.toBeUndefined();
    // On the jobs page too.
    await openJobs();
    await expect(row(key).locator("td.key").innerText()).resolves.toBe(key);
    await expect(page.locator("#jobs-body script, #jobs-body img").count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).resolves.toBeUndefined();
  });
});

describe("a large document's page", () => {
  it("opens with a few chunks drawn, draws the rest as they scroll near, and reveals a far kept twin before jumping to it", async () => {
    const key = "large/dense page.txt";
    const bytes = generateDocument(1 << 20, 11);
    const edits = clean(bytes).report.edits.length;
    await rig.pipeline.clients.s3.send(new PutObjectCommand({ Bucket: rig.pipeline.resources.rawBucket, Key: key, Body: bytes }));
    await page.goto(`${rig.console.url}/document?key=${encodeURIComponent(key)}`);
    await expect.poll(async () => { await page.reload(); await page.waitForSelector("body[data-loaded]"); return page.locator("#facts").innerText(); }, { timeout: 30_000 }).toMatch(/edits/);
    const chunks = await page.locator("#source .chunk").count();
    expect(chunks).toBeGreaterThan(20);
    // Only what is near the view is drawn: a few chunks, a fraction of the edits.
    const drawnAtFirst = await page.locator("#source .chunk[data-drawn]").count();
    expect(drawnAtFirst).toBeLessThan(chunks / 2);
    expect(await page.locator("#source .edit").count()).toBeLessThan(edits / 2);
    // The whole text is there from the start, drawn or not.
    expect((await page.locator("#source").innerText()).length).toBeGreaterThan(bytes.length / 4);
    // Scrolled to the end, the last chunk gets drawn.
    await page.locator("#source").evaluate((node) => (node.scrollTop = node.scrollHeight));
    await page.waitForSelector(`#source .chunk[data-chunk="${chunks - 1}"][data-drawn]`);
    // A link whose kept twin sits in a chunk not drawn yet: the twin is drawn, and the page jumps to it.
    const far = await page.locator("#source a.twin-link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!).find((href) => !document.getElementById(href.slice(1))));
    expect(far).toBeDefined();
    await page.locator(`#source a.twin-link[href="${far}"]`).first().click();
    await expect(page.locator(far!).count()).resolves.toBe(1);
    await expect(page.locator(".twin-target:target").count()).resolves.toBe(1);
    // Hiding a rule restyles what is drawn.
    await page.locator("#show-R2").uncheck();
    await expect(page.locator("#source.hide-R2").count()).resolves.toBe(1);
  });
});

describe("the console's actions over many jobs", () => {
  it("pages through keys, searches them and filters by state", async () => {
    // The pipeline cleans the burst meanwhile, on the same thread as the console: pages may take seconds.
    const busy = { timeout: 30_000 };
    const { s3 } = rig.pipeline.clients;
    const bucket = rig.pipeline.resources.rawBucket;
    for (let i = 0; i < 120; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `batch/${String(i + j).padStart(3, "0")}.txt`, Body: `第${i + j}篇。\n` }))));
    }
    await page.goto(rig.console.url);
    await page.waitForSelector("#jobs[data-loaded]");
    await page.locator("#prefix").fill("batch/");
    await page.locator("#filters button[type=submit]").click();
    await expect.poll(() => page.locator("#jobs-body tr").first().getAttribute("data-key"), busy).toBe("batch/000.txt");
    await expect(page.locator("#jobs-body tr").count()).resolves.toBe(50);
    await page.locator("#next").click();
    await expect.poll(() => page.locator("#jobs-body tr").first().getAttribute("data-key"), busy).toBe("batch/050.txt");
    await page.locator("#next").click();
    await expect.poll(() => page.locator("#jobs-body tr").count(), busy).toBe(20);
    await expect(page.locator("#next").isDisabled()).resolves.toBe(true);
    await page.locator("#previous").click();
    await expect.poll(() => page.locator("#jobs-body tr").first().getAttribute("data-key"), busy).toBe("batch/050.txt");
    await expect(page.locator("#page-info").innerText()).resolves.toMatch(/page 2/);
    // Search is a substring of the key, anywhere in it.
    await page.locator("#prefix").fill("");
    await page.locator("#search").fill("07");
    await page.locator("#filters button[type=submit]").click();
    await expect.poll(async () => (await page.locator("#jobs-body tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")))).join(","), busy).toBe(
      ["batch/007.txt", "batch/070.txt", "batch/071.txt", "batch/072.txt", "batch/073.txt", "batch/074.txt", "batch/075.txt", "batch/076.txt", "batch/077.txt", "batch/078.txt", "batch/079.txt", "batch/107.txt"].join(","),
    );
    // Once the burst is cleaned, a state filter finds exactly the failed one.
    await expect.poll(() => rig.events.filter((e) => e.type === "outcome" && e.outcome.key.startsWith("batch/")).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(120);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "batch/empty.txt", Body: "" }));
    await expect.poll(() => outcomesOf(rig, "batch/empty.txt", "failed"), { timeout: 30_000 }).toBe(1);
    await page.locator("#search").fill("");
    await page.locator("#state").selectOption("failed");
    await expect.poll(async () => (await page.locator("#jobs-body tr").evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-key")} ${r.getAttribute("data-state")}`))).join(","), busy).toBe("batch/empty.txt failed");
    await page.locator("#state").selectOption("");
  });

  it("reprocesses a prefix and reports what it queued", async () => {
    await openJobs();
    await page.locator("#reprocess-prefix").fill("batch/1");
    await page.locator("#reprocess-force").check();
    await page.locator("#reprocess-form button").click();
    const action = page.locator('#actions li[data-action="reprocess"]').first();
    await action.and(page.locator('[data-status="done"]')).waitFor({ timeout: 30_000 });
    // batch/100 … batch/119: twenty keys, all queued because of force.
    await expect(action.innerText()).resolves.toMatch(/looked at 20 object\(s\), queued 20/);
    await expect.poll(() => outcomesOf(rig, "batch/119.txt"), { timeout: 30_000 }).toBe(2);
  });

  it("shows a job in the dead-letter queue, moves it back, and the job gets cleaned", async () => {
    const key = "dlq/lost story.txt";
    rig.faults.failReadsUnder = "dlq/";
    await rig.pipeline.clients.s3.send(new PutObjectCommand({ Bucket: rig.pipeline.resources.rawBucket, Key: key, Body: SAMPLE }));
    await openJobs();
    await page.locator("#prefix").fill("dlq/");
    await page.locator("#filters button[type=submit]").click();
    // Three receives fail (the SDK's own retries inside each), then SQS moves the message aside.
    await expect.poll(() => page.locator(`#jobs-body tr[data-key="${key}"]`).getAttribute("data-state"), { timeout: 60_000 }).toBe("dead-letter");
    await expect.poll(() => page.locator("#dlq-count b").innerText()).toBe("1");
    if (screenshots) await page.screenshot({ path: join(screenshots, "console-dead-letter.png") });
    rig.faults.failReadsUnder = undefined;
    await page.locator("#redrive").click();
    const action = page.locator('#actions li[data-action="redrive"]').first();
    await action.and(page.locator('[data-status="done"]')).waitFor({ timeout: 30_000 });
    await expect(action.innerText()).resolves.toMatch(/moved 1 message/);
    await expect.poll(() => page.locator(`#jobs-body tr[data-key="${key}"]`).getAttribute("data-state"), { timeout: 30_000 }).toBe("cleaned");
    await expect.poll(() => page.locator("#dlq-count b").innerText(), { timeout: 30_000 }).toBe("0");
  }, 120_000);

  it("refuses state changes from another origin, even from a page the browser opened", async () => {
    const { createServer } = await import("node:http");
    const evil = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<!doctype html><script>
        window.results = [];
        const target = ${JSON.stringify(rig.console.url)};
        fetch(target + "/api/redrive", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: "{}" }).then(() => results.push("sent"), () => results.push("failed"));
        fetch(target + "/api/summary").then(() => results.push("read"), () => results.push("unreadable"));
      </script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    const port = (evil.address() as { port: number }).port;
    try {
      const before = (await (await fetch(`${rig.console.url}/api/actions`)).json()) as { actions: unknown[] };
      const other = await page.context().newPage();
      await other.goto(`http://localhost:${port}/`);
      await expect.poll(() => other.evaluate(() => (window as unknown as { results: string[] }).results.length)).toBe(2);
      // The cross-origin read is blocked by the browser (no CORS headers); the write reached the console and was refused.
      await expect(other.evaluate(() => (window as unknown as { results: string[] }).results)).resolves.toContain("unreadable");
      const after = (await (await fetch(`${rig.console.url}/api/actions`)).json()) as { actions: unknown[] };
      expect(after.actions.length).toBe(before.actions.length);
      await other.close();
    } finally {
      evil.close();
    }
  });
});
