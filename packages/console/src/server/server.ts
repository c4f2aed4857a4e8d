import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listObjectsPage, putObject, queueDepth } from "@pagemend/pipeline";
import { z } from "zod";
import { ActionLog } from "./actions.js";
import type { ConsoleBackend } from "./backend.js";
import { peekDeadLetters, type DeadLetterSnapshot } from "./deadLetters.js";
import { loadDocument, loadReport, NoSuchJobError } from "./documents.js";
import { ObjectCount } from "./objectCount.js";
import { EventHub } from "./events.js";
import { JOB_STATES, listJobs } from "./jobs.js";
import { checkRequest, CONSOLE_HOST, newSessionToken, SECURITY_HEADERS } from "./security.js";

export interface ConsoleServer {
  url: string;
  port: number;
  /** The session token state-changing requests need (the pages carry it). */
  token: string;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  /** 4567 by default; 0 picks a free port. */
  port?: number;
  /** Seconds between refresh hints to open pages (5 with live updates, 10 without). */
  refreshSeconds?: number;
  /** Largest upload accepted from the browser. */
  maxUploadBytes?: number;
}

// Two levels below the package, from src/server (tests) as from dist/server: the pages' scripts are always the built ones.
const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));
const PUBLIC_DIR = join(PACKAGE_DIR, "public");
const WEB_DIR = join(PACKAGE_DIR, "dist/web");
const CONTENT_TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml" };
const DEAD_LETTER_CACHE_MS = 3000;
const OBJECT_COUNT_CACHE_MS = 30_000;

const replayBody = z.object({ key: z.string().min(1), force: z.boolean().default(false) });
const reprocessBody = z.object({ prefix: z.string().default(""), force: z.boolean().default(false) });
const jobsQuery = z.object({
  after: z.string().optional(),
  prefix: z.string().optional(),
  q: z.string().max(200).optional(),
  state: z.enum(JOB_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The console: two static pages (jobs, document) and a JSON API over the backend, bound to
 * 127.0.0.1 only. Document text goes out as JSON and is put on the page as text, never as
 * markup; state-changing requests need the session token and the console's own origin.
 */
export async function startConsole(backend: ConsoleBackend, options: ConsoleOptions = {}): Promise<ConsoleServer> {
  const token = newSessionToken();
  const events = new EventHub();
  const actions = new ActionLog((record) => events.publish("action", record));
  const maxUploadBytes = options.maxUploadBytes ?? 64 * 1024 * 1024;
  let port = options.port ?? 4567;

  let deadLetters: { at: number; snapshot: Promise<DeadLetterSnapshot> } | undefined;
  // A redrive and a peek would race for the same messages: the console runs one at a time.
  let queueWork: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queueWork.then(work, work);
    queueWork = run.catch(() => {});
    return run;
  };
  const currentDeadLetters = (): Promise<DeadLetterSnapshot> => {
    if (!deadLetters || Date.now() - deadLetters.at > DEAD_LETTER_CACHE_MS) {
      const snapshot = serialized(() => peekDeadLetters(backend.sqs, backend.resources.deadLetterQueueUrl));
      deadLetters = { at: Date.now(), snapshot };
      snapshot.catch(() => (deadLetters = undefined));
    }
    return deadLetters.snapshot;
  };
  const objectCount = new ObjectCount(() => countKeys(backend), OBJECT_COUNT_CACHE_MS);
  const jobChanged = (key: string, what: string) => {
    deadLetters = undefined;
    if (what === "uploaded") objectCount.changed();
    events.publish("job", { key, what });
  };
  const unsubscribe = backend.subscribe?.((change) => jobChanged(change.key, change.what));
  // Some changes come with no event (a message moving to the dead-letter queue, or anything on a
  // deployed stage): open pages also reload now and then.
  const refresh = setInterval(() => events.publish("refresh", {}), (options.refreshSeconds ?? (backend.subscribe ? 5 : 10)) * 1000);
  refresh.unref();

  const routes: Record<string, (request: IncomingMessage, url: URL, response: ServerResponse) => Promise<void>> = {
    "GET /": (_q, _u, response) => sendPage(response, "index.html", token),
    "GET /document": (_q, _u, response) => sendPage(response, "document.html", token),
    "GET /favicon.ico": async (_q, _u, response) => {
      response.writeHead(204, SECURITY_HEADERS);
      response.end();
    },
    "GET /api/summary": async (_q, _u, response) => {
      const objects = objectCount.read();
      const [ingest, deadLetterQueue, snapshot] = await Promise.all([
        queueDepth(backend.sqs, backend.resources.ingestQueueUrl),
        queueDepth(backend.sqs, backend.resources.deadLetterQueueUrl),
        currentDeadLetters(),
      ]);
      sendJson(response, {
        label: backend.label,
        engineVersion: backend.engineVersion,
        rawBucket: backend.resources.rawBucket,
        cleanBucket: backend.resources.cleanBucket,
        objects,
        ingest,
        deadLetters: { ...deadLetterQueue, unreadable: snapshot.unreadable },
        live: Boolean(backend.subscribe),
      });
    },
    "GET /api/jobs": async (_q, url, response) => {
      const query = parseQuery(jobsQuery, url);
      const snapshot = await currentDeadLetters();
      const page = await listJobs(backend, snapshot, { after: query.after, prefix: query.prefix, search: query.q, state: query.state, limit: query.limit });
      sendJson(response, page);
    },
    "GET /api/document": async (_q, url, response) => {
      sendJson(response, await loadDocument(backend, requiredKey(url)));
    },
    "GET /api/report": async (_q, url, response) => {
      const key = requiredKey(url);
      const bytes = await loadReport(backend, key);
      if (!bytes) throw new HttpError(404, `no report for ${JSON.stringify(key)} yet`);
      const name = `${key.split("/").pop() ?? "document"}.report.json`;
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
      response.end(bytes);
    },
    "GET /api/events": async (_q, _u, response) => events.attach(response),
    "GET /api/actions": async (_q, _u, response) => sendJson(response, { actions: actions.list() }),
    "POST /api/replay": async (request, _u, response) => {
      const body = replayBody.parse(await readJson(request));
      const started = actions.start("replay", body.key, () => backend.replay(body.key, body.force), () =>
        body.force ? `${body.key} queued to be cleaned again` : `${body.key} queued (cleaned again only if its output is not current)`,
      );
      sendJson(response, started.record, 202);
    },
    "POST /api/reprocess": async (request, _u, response) => {
      const body = reprocessBody.parse(await readJson(request));
      const started = actions.start("reprocess", body.prefix || "everything", () => backend.reprocess(body.prefix, body.force), describeReprocess);
      sendJson(response, started.record, 202);
    },
    "POST /api/redrive": async (request, _u, response) => {
      await readJson(request);
      const started = actions.start(
        "redrive",
        "dead-letter queue",
        () => serialized(() => backend.redrive()),
        (result) => `moved ${(result as { moved?: number } | undefined)?.moved ?? "the"} message(s) back to the ingest queue`,
      );
      deadLetters = undefined;
      sendJson(response, started.record, 202);
    },
    "PUT /api/upload": async (request, url, response) => {
      const key = requiredKey(url);
      const body = await readBody(request, maxUploadBytes);
      const { finished } = actions.start(
        "upload",
        key,
        async () => ({ eTag: await putObject(backend.s3, { bucket: backend.resources.rawBucket, key, body }) }),
        () => `uploaded ${body.length} bytes to s3://${backend.resources.rawBucket}/${key}`,
      );
      const record = await finished;
      sendJson(response, record, record.status === "done" ? 201 : 502);
    },
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://${CONSOLE_HOST}:${port}`);
    const verdict = checkRequest(request, port, token);
    if (!verdict.ok) {
      request.resume();
      return sendJson(response, { error: verdict.reason }, verdict.status);
    }
    const route = routes[`${request.method} ${url.pathname}`];
    const work = route ? route(request, url, response) : serveAsset(request, url, response);
    work.catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof z.ZodError ? 400 : error instanceof NoSuchJobError ? 404 : 500;
      const message = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ") : error instanceof Error ? error.message : String(error);
      if (response.headersSent) response.end();
      else sendJson(response, { error: message }, status);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, CONSOLE_HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${CONSOLE_HOST}:${port}`,
    port,
    token,
    close: async () => {
      unsubscribe?.();
      clearInterval(refresh);
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describeReprocess(result: unknown): string {
  const runs = Array.isArray(result) ? (result as { scanned: number; enqueued: number }[]) : undefined;
  if (!runs) return "the reprocess function was started; it enqueues stale objects as it sweeps";
  const scanned = runs.reduce((n, r) => n + r.scanned, 0);
  const enqueued = runs.reduce((n, r) => n + r.enqueued, 0);
  return `looked at ${scanned} object(s), queued ${enqueued} to be cleaned again`;
}

async function countKeys(backend: ConsoleBackend): Promise<number> {
  let count = 0;
  let startAfter = "";
  for (;;) {
    const page = await listObjectsPage(backend.s3, { bucket: backend.resources.rawBucket, startAfter });
    count += page.objects.length;
    const last = page.objects[page.objects.length - 1];
    if (!page.more || !last) return count;
    startAfter = last.key;
  }
}

function requiredKey(url: URL): string {
  const key = url.searchParams.get("key");
  if (!key) throw new HttpError(400, "key: required");
  return key;
}

function parseQuery<T extends z.ZodType>(schema: T, url: URL): z.infer<T> {
  const values: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (value !== "") values[name] = value;
  return schema.parse(values);
}

async function readBody(request: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, `uploads are limited to ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!(request.headers["content-type"] ?? "").startsWith("application/json")) throw new HttpError(415, "send JSON (content-type: application/json)");
  const body = await readBody(request, 64 * 1024);
  try {
    return body.length === 0 ? {} : (JSON.parse(body.toString("utf8")) as unknown);
  } catch {
    throw new HttpError(400, "the body is not JSON");
  }
}

function sendJson(response: ServerResponse, value: unknown, status = 200): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify(value));
}

async function sendPage(response: ServerResponse, name: string, token: string): Promise<void> {
  const html = await readFile(join(PUBLIC_DIR, name), "utf8");
  response.writeHead(200, { ...SECURITY_HEADERS, "content-type": CONTENT_TYPES[".html"]!, "cache-control": "no-store" });
  // The token is base64url: nothing in it needs escaping inside an attribute.
  response.end(html.replace("%SESSION_TOKEN%", token));
}

/** Scripts from dist/web and styles from public, by name only: no path leaves those folders. */
async function serveAsset(request: IncomingMessage, url: URL, response: ServerResponse): Promise<void> {
  const match = /^\/assets\/([a-zA-Z0-9_-]+\.(?:js|css|svg))$/.exec(url.pathname);
  if (request.method !== "GET" || !match) throw new HttpError(404, `no such page: ${request.method} ${url.pathname}`);
  const name = match[1]!;
  const file = extname(name) === ".js" ? join(WEB_DIR, name) : join(PUBLIC_DIR, name);
  const body = await readFile(file).catch(() => {
    throw new HttpError(404, `no such asset: ${name}`);
  });
  response.writeHead(200, { ...SECURITY_HEADERS, "content-type": CONTENT_TYPES[extname(name)] ?? "application/octet-stream", "cache-control": "no-cache" });
  response.end(body);
}
