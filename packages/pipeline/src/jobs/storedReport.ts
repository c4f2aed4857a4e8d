import { gunzipSync, gzipSync } from "node:zlib";

/**
 * The report as the clean bucket stores it: gzip-compressed JSON, with `Content-Encoding:
 * gzip`. A dense document's report runs to two or three times the input as JSON; compressed
 * it is a fraction of it, so a report never needs more room or time than the text it explains.
 * Readers take either form (reports written before compression are plain JSON).
 */
export const REPORT_ENCODING = "gzip";

export function encodeStoredReport(report: unknown): Uint8Array {
  return gzipSync(JSON.stringify(report), { level: 6 });
}

/** The report's JSON text from its stored bytes, compressed or not. */
export function decodeStoredReport(bytes: Uint8Array): string {
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return new TextDecoder().decode(gzipped ? gunzipSync(bytes) : bytes);
}
