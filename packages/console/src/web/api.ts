/** Calls to the console's API. State-changing calls carry the session token from the page. */

const token = document.querySelector<HTMLMetaElement>('meta[name="pagemend-token"]')?.content ?? "";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function parse<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return parse<T>(await fetch(text ? `${path}?${text}` : path, { headers: { accept: "application/json" } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return parse<T>(await fetch(path, { method: "POST", headers: { "content-type": "application/json", "x-pagemend-token": token }, body: JSON.stringify(body) }));
}

export async function uploadFile<T>(key: string, file: Blob): Promise<T> {
  return parse<T>(await fetch(`/api/upload?key=${encodeURIComponent(key)}`, { method: "PUT", headers: { "content-type": "application/octet-stream", "x-pagemend-token": token }, body: file }));
}

/** Server-sent events; `onEvent` gets each event's type and data. Reconnects by itself. */
export function listen(onEvent: (type: string, data: unknown) => void, onStatus: (live: boolean) => void): EventSource {
  const source = new EventSource("/api/events");
  for (const type of ["job", "action", "refresh"]) source.addEventListener(type, (event) => onEvent(type, JSON.parse((event as MessageEvent<string>).data) as unknown));
  source.onopen = () => onStatus(true);
  source.onerror = () => onStatus(false);
  return source;
}

export interface ActionRecord {
  id: string;
  kind: string;
  subject: string;
  status: "running" | "done" | "failed";
  startedAt: string;
  finishedAt?: string;
  message?: string;
}

export interface JobSummary {
  key: string;
  size: number;
  lastModified?: string;
  state: "queued" | "cleaned" | "failed" | "dead-letter" | "stale";
  detail?: string;
  counts?: Record<string, number>;
  cleanMs?: number;
  engineVersion?: string;
}
