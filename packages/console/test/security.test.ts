import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkRequest, newSessionToken } from "../src/server/security.js";

const token = newSessionToken();
const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;
const own = { host: "127.0.0.1:4567" };

describe("checkRequest", () => {
  it("lets the console's own pages read and act", () => {
    expect(checkRequest(request("GET", own), 4567, token).ok).toBe(true);
    expect(checkRequest(request("GET", { host: "localhost:4567" }), 4567, token).ok).toBe(true);
    expect(checkRequest(request("POST", { ...own, origin: "http://127.0.0.1:4567", "sec-fetch-site": "same-origin", "x-pagemend-token": token }), 4567, token).ok).toBe(true);
    // A script or curl sends no Origin: the token is what counts.
    expect(checkRequest(request("PUT", { ...own, "x-pagemend-token": token }), 4567, token).ok).toBe(true);
  });

  it("refuses a host that is not the console (DNS rebinding)", () => {
    expect(checkRequest(request("GET", { host: "attacker.example:4567" }), 4567, token)).toMatchObject({ ok: false, status: 421 });
    expect(checkRequest(request("GET", { host: "127.0.0.1:9999" }), 4567, token)).toMatchObject({ ok: false, status: 421 });
  });

  it("refuses state changes without the token, with another token, or from another origin", () => {
    expect(checkRequest(request("POST", own), 4567, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(request("POST", { ...own, "x-pagemend-token": newSessionToken() }), 4567, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(request("POST", { ...own, "x-pagemend-token": token.slice(1) }), 4567, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(request("POST", { ...own, origin: "http://evil.example", "x-pagemend-token": token }), 4567, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(request("POST", { ...own, origin: "null", "x-pagemend-token": token }), 4567, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(request("DELETE", { ...own, "sec-fetch-site": "cross-site", "x-pagemend-token": token }), 4567, token)).toMatchObject({ ok: false, status: 403 });
  });

  it("makes a new token per session", () => {
    expect(newSessionToken()).not.toBe(newSessionToken());
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
