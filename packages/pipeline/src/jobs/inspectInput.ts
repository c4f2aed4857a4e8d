import { inspectBytes } from "@pagemend/core";
import { isReservedKey, MAX_KEY_BYTES, outputsFit, RESERVED_PREFIXES } from "../settings.js";

/**
 * Why a stored object cannot be cleaned, before the engine sees it. These are permanent:
 * the same bytes fail the same way, so they get an error record instead of retries.
 */
export type InputProblem = { code: "empty" | "too-large" | "binary" | "reserved-key" | "key-too-long"; message: string };

/**
 * A raw key the clean bucket cannot take: under a prefix where the outputs of other keys live
 * (`_reports/a.txt` would write its text over the report of `a.txt`), or so long that its
 * report's key would pass S3's limit.
 */
export function checkKey(key: string): InputProblem | undefined {
  if (isReservedKey(key)) return { code: "reserved-key", message: `the key starts with ${RESERVED_PREFIXES.find((p) => key.startsWith(p))}, where the clean bucket keeps other documents' outputs; rename the object` };
  if (!outputsFit(key)) return { code: "key-too-long", message: `the key is ${Buffer.byteLength(key)} bytes: its report's key would pass S3's limit of ${MAX_KEY_BYTES} bytes; rename the object` };
  return undefined;
}

export function checkSize(size: number, maxBytes: number): InputProblem | undefined {
  if (size === 0) return { code: "empty", message: "the object is empty: there is nothing to clean" };
  if (size > maxBytes) return { code: "too-large", message: `the object is ${size} bytes, over the limit of ${maxBytes} bytes` };
  return undefined;
}

/**
 * Binary content, by the engine's own input policy (`inspectBytes`), which the CLI applies
 * too: a known file signature, or more control bytes than a text holds. A few stray NULs in
 * text are not a reason to refuse it: R0 removes and reports them.
 */
export function checkBinary(bytes: Uint8Array): InputProblem | undefined {
  const problem = inspectBytes(bytes);
  return problem && { code: "binary", message: `the object cannot be cleaned: ${problem.message}` };
}
