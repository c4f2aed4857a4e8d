// zod/mini: what the Lambda bundles carry (about 20 KB against the classic API's 470 KB, which
// cost 55 ms of every cold start to compile).
import * as z from "zod/mini";
import { PIPELINE_SETTINGS } from "./settings.js";

/**
 * Environment of the Lambda functions, validated once at cold start so that a missing or
 * malformed variable fails loudly with its name, not later as an `undefined` bucket.
 */
const common = {
  AWS_REGION: z._default(z.string().check(z.minLength(1)), "us-east-1"),
  /** An S3/SQS endpoint other than AWS's (the local emulator); unset in AWS. */
  PAGEMEND_ENDPOINT_URL: z.optional(z.url()),
  PAGEMEND_RAW_BUCKET: z.string().check(z.minLength(3)),
  PAGEMEND_CLEAN_BUCKET: z.string().check(z.minLength(3)),
};

const queueUrl = z.url();

export const cleanEnvironment = z.object({
  ...common,
  PAGEMEND_CLEANED_QUEUE_URL: queueUrl,
  /** The stage the function belongs to: a dimension of its metrics. */
  PAGEMEND_STAGE: z._default(z.string().check(z.minLength(1)), "local"),
  PAGEMEND_MAX_DOCUMENT_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), PIPELINE_SETTINGS.maxDocumentBytes),
});

export const reprocessEnvironment = z.object({
  ...common,
  PAGEMEND_INGEST_QUEUE_URL: queueUrl,
});

export const replayEnvironment = z.object({
  ...common,
  PAGEMEND_INGEST_QUEUE_URL: queueUrl,
  PAGEMEND_DEAD_LETTER_QUEUE_URL: queueUrl,
});

/** What a deploy reads from its environment (sst deploy): where alerts are mailed, if anywhere. */
export const deployEnvironment = z.object({
  PAGEMEND_ALERT_EMAIL: z.pipe(
    z.transform((v: unknown) => (v === "" ? undefined : v)),
    z.optional(z.email()),
  ),
});

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** Parses `env` with `schema`, naming every bad variable in one error. */
export function readEnvironment<S extends z.ZodMiniType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const parsed = z.safeParse(schema, env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new ConfigurationError(`invalid environment: ${problems}`);
}
