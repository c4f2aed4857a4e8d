import { inspectBytes } from "@pagemend/core";

/**
 * Why a stored object cannot be cleaned, before the engine sees it. These are permanent:
 * the same bytes fail the same way, so they get an error record instead of retries.
 */
export type InputProblem = { code: "empty" | "too-large" | "binary"; message: string };

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
