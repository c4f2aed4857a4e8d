import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { mkdir, stat } from "node:fs/promises";
import { z } from "zod";
import { LOCAL_CREDENTIALS_HINT, startLocalPipeline, type LocalPipeline, type LocalPipelineEvent } from "./runtime.js";

/**
 * Something `npm start` runs beside the pipeline (the console): its own options, a listener
 * for the pipeline's events, and a start that adds lines to the banner and a stop.
 */
export interface LocalAddOn {
  usage: string;
  options: Record<string, { type: "string" | "boolean" }>;
  /** Reads the add-on's option values; throws (a zod error or an Error) when they are wrong. */
  configure(values: Record<string, unknown>): void;
  onEvent?: (event: LocalPipelineEvent) => void;
  start(pipeline: LocalPipeline): Promise<{ banner: string[]; stop(): Promise<void> }>;
}

const USAGE = `Usage: npm start -- [options]

Runs the pagemend pipeline on this machine: an embedded S3/SQS emulator on 127.0.0.1,
buckets "raw" and "clean", the ingest, dead-letter and cleaned queues, the clean handler
and the reprocess schedule. Stop it with Ctrl-C.

Options:
  --watch DIR              upload every file in DIR, and every file that appears there, to "raw"
  --inbox DIR --outbox DIR durable mode: the emulator keeps nothing over a restart, these folders do.
                           Files in DIR are uploaded (now and as they appear) unless OUTBOX has their
                           current output; cleaned texts, reports (_reports/) and error records
                           (_errors/) are written to OUTBOX
  --drain-seconds SECS     on Ctrl-C, how long to wait for queued documents (default 30)
  --endpoint URL           use this S3/SQS endpoint instead of the embedded emulator
  --port N                 port of the embedded emulator (default 4566)
  --reprocess-every SECS   seconds between reprocess sweeps (default 600; 0 = off)
  -h, --help               this text`;

const options = z.object({
  watch: z.string().optional(),
  inbox: z.string().optional(),
  outbox: z.string().optional(),
  "drain-seconds": z.coerce.number().min(0).default(30),
  endpoint: z.url().optional(),
  port: z.coerce.number().int().min(0).max(65535).default(4566),
  "reprocess-every": z.coerce.number().min(0).default(600),
  help: z.boolean().default(false),
});

export async function main(argv: string[], addOns: readonly LocalAddOn[] = []): Promise<number> {
  let parsed: z.infer<typeof options>;
  const usage = [USAGE, ...addOns.map((a) => a.usage)].join("\n");
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        watch: { type: "string" },
        inbox: { type: "string" },
        outbox: { type: "string" },
        "drain-seconds": { type: "string" },
        endpoint: { type: "string" },
        port: { type: "string" },
        "reprocess-every": { type: "string" },
        help: { type: "boolean", short: "h" },
        ...Object.assign({}, ...addOns.map((a) => a.options)),
      },
      strict: true,
    });
    parsed = options.parse(values);
    for (const addOn of addOns) addOn.configure(values);
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ") : (error as Error).message;
    process.stderr.write(`pagemend-local: ${message}\n${usage}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const watchDir = parsed.watch ? resolve(parsed.watch) : undefined;
  const isDirectory = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() === true;
  if (watchDir && !(await isDirectory(watchDir))) {
    process.stderr.write(`pagemend-local: --watch ${parsed.watch}: not a directory\n`);
    return 2;
  }
  if ((parsed.inbox === undefined) !== (parsed.outbox === undefined) || (parsed.inbox && watchDir)) {
    process.stderr.write(`pagemend-local: --inbox and --outbox go together, and not with --watch\n`);
    return 2;
  }
  const durable = parsed.inbox && parsed.outbox ? { inbox: resolve(parsed.inbox), outbox: resolve(parsed.outbox) } : undefined;
  if (durable) {
    await mkdir(durable.outbox, { recursive: true });
    if (!(await isDirectory(durable.inbox))) {
      process.stderr.write(`pagemend-local: --inbox ${parsed.inbox}: not a directory\n`);
      return 2;
    }
  }
  const time = () => new Date().toISOString().slice(11, 19);
  const pipeline = await startLocalPipeline({
    port: parsed.port,
    endpoint: parsed.endpoint,
    watchDir,
    durable,
    reprocessEverySeconds: parsed["reprocess-every"],
    log: (line) => process.stdout.write(`[${time()}] ${line}\n`),
    onEvent: (event) => addOns.forEach((a) => a.onEvent?.(event)),
  }).catch((error: unknown) => {
    const busy = (error as { code?: string }).code === "EADDRINUSE";
    process.stderr.write(`pagemend-local: ${busy ? `port ${parsed.port} is in use (try --port)` : (error as Error).message}\n`);
    return undefined;
  });
  if (!pipeline) return 1;
  const { resources, endpoint } = pipeline;
  const started: { banner: string[]; stop(): Promise<void> }[] = [];
  try {
    for (const addOn of addOns) started.push(await addOn.start(pipeline));
  } catch (error) {
    process.stderr.write(`pagemend-local: ${(error as Error).message}\n`);
    for (const s of started) await s.stop();
    await pipeline.stop();
    return 1;
  }
  process.stdout.write(
    [
      `pagemend local pipeline: S3 and SQS on ${endpoint}${parsed.endpoint ? "" : " (embedded fauxqs)"}`,
      `  buckets  raw: s3://${resources.rawBucket}   clean: s3://${resources.cleanBucket} (reports under _reports/, failures under _errors/)`,
      `  queues   ingest: ${resources.ingest.url}`,
      `           dead letters: ${resources.deadLetter.url}`,
      `           cleaned: ${resources.cleaned.url}`,
      ``,
      `Drop a file in (any credentials do):`,
      `  ${LOCAL_CREDENTIALS_HINT} aws s3 cp story.txt s3://${resources.rawBucket}/ --endpoint-url ${endpoint}`,
      `and read it back cleaned:`,
      `  ${LOCAL_CREDENTIALS_HINT} aws s3 cp s3://${resources.cleanBucket}/story.txt - --endpoint-url ${endpoint}`,
      durable
        ? `Durable: files in ${durable.inbox} are uploaded as they appear; outputs are written to ${durable.outbox}, and survive a restart.`
        : watchDir
          ? `Watching ${watchDir}: files there are uploaded to s3://${resources.rawBucket}/ as they appear (memory only: use --inbox/--outbox to keep them).`
          : `Or: npm start -- --inbox ./inbox --outbox ./outbox`,
      ...started.flatMap((s) => s.banner),
      `Ctrl-C stops.`,
      ``,
    ].join("\n"),
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.stdout.write(`\nstopping: no more uploads; waiting up to ${parsed["drain-seconds"]} s for the queued documents…\n`);
      void (async () => {
        await Promise.all(started.map((s) => s.stop()));
        await pipeline.stopAccepting();
        const left = await pipeline.drain(parsed["drain-seconds"] * 1000);
        await pipeline.stop();
        if (left === 0) process.stdout.write("every queued document was cleaned.\n");
        else if (durable) process.stdout.write(`${left} document(s) were still queued: they are in the inbox and are cleaned at the next start.\n`);
        else process.stdout.write(`${left} document(s) were still queued and are lost with the emulator's memory: start with --inbox and --outbox to keep them.\n`);
      })().then(done);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  process.stdout.write("stopped.\n");
  return 0;
}
