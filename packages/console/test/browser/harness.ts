import type { S3Client } from "@aws-sdk/client-s3";
import { chromium, type Browser } from "playwright-core";
import { startLocalPipeline, type LocalPipeline, type LocalPipelineEvent } from "@pagemend/pipeline/local";
import { localBackend, PipelineEvents } from "../../src/server/localBackend.js";
import { startConsole, type ConsoleServer } from "../../src/server/server.js";

/** Debian's chromium: the project installs it (.ci/run does where it is missing); tests never download a browser. */
export const CHROMIUM = process.env.PAGEMEND_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a headless chromium on a machine with no network beyond loopback. */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

/** While set, the clean handler's reads of keys under this prefix fail with HTTP 500, as a persistent S3 fault. */
export interface Faults {
  failReadsUnder?: string;
}

function installFault(s3: S3Client, faults: Faults): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key ?? "";
      if (context.commandName !== "GetObjectCommand" || faults.failReadsUnder === undefined || !key.startsWith(faults.failReadsUnder)) return next(args);
      const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected fault</Message></Error>`;
      return { response: { statusCode: 500, reason: "Internal Server Error", headers: { "content-type": "application/xml" }, body: new Blob([body]).stream() }, output: undefined } as never;
    },
    { step: "deserialize", priority: "low", name: "injectFault" },
  );
}

/** Outcomes of the clean handler for one key. */
export function outcomesOf(rig: ConsoleRig, key: string, status = "cleaned"): number {
  return rig.events.filter((e) => e.type === "outcome" && e.outcome.key === key && e.outcome.status === status).length;
}

export interface ConsoleRig {
  pipeline: LocalPipeline;
  console: ConsoleServer;
  browser: Browser;
  faults: Faults;
  /** Every upload and clean outcome of the pipeline, in order. */
  events: LocalPipelineEvent[];
  stop(): Promise<void>;
}

/** The local pipeline on the embedded emulator, the console over it and a real browser, all on free ports. */
export async function startConsoleRig(): Promise<ConsoleRig> {
  const events = new PipelineEvents();
  const seen: LocalPipelineEvent[] = [];
  const faults: Faults = {};
  const pipeline = await startLocalPipeline({
    port: 0,
    visibilityTimeoutSeconds: 1,
    reprocessEverySeconds: 0,
    configureCleanClients: (clients) => installFault(clients.s3, faults),
    onEvent: (event) => {
      seen.push(event);
      events.onEvent(event);
    },
  });
  const server = await startConsole(localBackend(pipeline, events), { port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] }).catch(async (error: unknown) => {
    await server.close();
    await pipeline.stop();
    throw new Error(`cannot start ${CHROMIUM} (install Debian's chromium: apt-get install chromium): ${(error as Error).message}`);
  });
  return {
    pipeline,
    console: server,
    browser,
    events: seen,
    faults,
    stop: async () => {
      await browser.close();
      await server.close();
      await pipeline.stop();
    },
  };
}
