import { buildApp } from "fauxqs";

/** An object created in the emulator's S3, as a bucket notification would describe it. */
export interface CreatedObject {
  bucket: string;
  key: string;
  eventName: "ObjectCreated:Put" | "ObjectCreated:Copy" | "ObjectCreated:CompleteMultipartUpload";
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  /** Calls `listener` after each object creation in S3 (fauxqs has no bucket notifications). */
  onObjectCreated(listener: (object: CreatedObject) => void): void;
  stop(): Promise<void>;
}

/**
 * fauxqs, embedded, listening on loopback only: `startFauxqs` would bind every interface,
 * so the app is built and bound here. S3 uploads are observed through a response hook on
 * the emulator's own routes: a successful PUT of an object (not a part, not a bucket, not a
 * sub-resource such as `?tagging`) or a completed multipart upload.
 */
export async function startEmulator(options: { port: number; host?: string; region: string }): Promise<Emulator> {
  const app = buildApp({ logger: false, defaultRegion: options.region });
  const listeners: Array<(object: CreatedObject) => void> = [];
  app.addHook("onResponse", (request, reply, done) => {
    const created = reply.statusCode === 200 ? describeCreation(request.method, request.params, request.query, request.headers) : undefined;
    if (created) for (const listener of listeners) listener(created);
    done();
  });
  const address = await app.listen({ port: options.port, host: options.host ?? "127.0.0.1" });
  const port = Number(new URL(address).port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    onObjectCreated: (listener) => listeners.push(listener),
    stop: async () => {
      await app.close();
    },
  };
}

/** Query keys that make a PUT address something other than the object's content. */
const SUB_RESOURCES = ["partNumber", "tagging", "acl", "retention", "legal-hold", "uploads"];

function describeCreation(method: string, params: unknown, query: unknown, headers: Record<string, unknown>): CreatedObject | undefined {
  const { bucket, "*": key } = (params ?? {}) as { bucket?: string; "*"?: string };
  if (!bucket || !key) return undefined;
  const q = (query ?? {}) as Record<string, unknown>;
  if (method === "PUT" && !SUB_RESOURCES.some((name) => name in q)) {
    return { bucket, key, eventName: headers["x-amz-copy-source"] ? "ObjectCreated:Copy" : "ObjectCreated:Put" };
  }
  if (method === "POST" && typeof q["uploadId"] === "string") return { bucket, key, eventName: "ObjectCreated:CompleteMultipartUpload" };
  return undefined;
}
