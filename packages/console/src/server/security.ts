import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The console only ever listens here: it can replay and reprocess, so it is not for the network. */
export const CONSOLE_HOST = "127.0.0.1";
export const TOKEN_HEADER = "x-pagemend-token";

/** A fresh secret per console session; the pages get it in a meta tag, which other origins cannot read. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export type RequestVerdict = { ok: true } | { ok: false; status: 403 | 421; reason: string };

/**
 * Checks a request against the console's origin. Every request must name the console's own
 * host (a DNS-rebound name is refused). A request that changes state must carry the session
 * token, and when the browser says where it comes from (`Origin`, `Sec-Fetch-Site`), it must
 * come from the console itself.
 */
export function checkRequest(request: IncomingMessage, port: number, token: string): RequestVerdict {
  const allowedHosts = [`${CONSOLE_HOST}:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? "")) return { ok: false, status: 421, reason: `host ${JSON.stringify(request.headers.host ?? "")} is not this console` };
  const method = request.method ?? "GET";
  if (method === "GET" || method === "HEAD") return { ok: true };
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.some((host) => origin === `http://${host}`)) return { ok: false, status: 403, reason: `cross-origin request from ${origin} refused` };
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return { ok: false, status: 403, reason: `cross-site request (${String(site)}) refused` };
  const given = request.headers[TOKEN_HEADER];
  if (typeof given !== "string" || !sameSecret(given, token)) return { ok: false, status: 403, reason: "missing or wrong session token" };
  return { ok: true };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Headers on every response: no framing, no sniffing, scripts and styles from the console only. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};
