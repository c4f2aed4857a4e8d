import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type * as z from "zod/mini";
import { warmUp } from "@pagemend/core";
import { createAwsClients } from "../aws/clients.js";
import { cleanEnvironment, readEnvironment, replayEnvironment, reprocessEnvironment } from "../config.js";
import { asciiJson } from "../jobs/messages.js";
import { createCleanHandler } from "./clean.js";
import { createReplayHandler } from "./replay.js";
import { createReprocessHandler } from "./reprocess.js";

/** What the Lambda functions in `functions/` export: handlers wired from their environment. */

type Env = Record<string, string | undefined>;

const logger = () => new Logger({ serviceName: "pagemend" });

/** The function's validated environment and its SDK clients (aimed at PAGEMEND_ENDPOINT_URL when set). */
function wire<S extends z.ZodMiniType<{ AWS_REGION: string; PAGEMEND_ENDPOINT_URL?: string | undefined }>>(schema: S, env: Env) {
  const config: z.infer<S> = readEnvironment(schema, env);
  return { config, ...createAwsClients({ region: config.AWS_REGION, endpoint: config.PAGEMEND_ENDPOINT_URL }) };
}

export function cleanHandlerFromEnvironment(env: Env) {
  const { config, s3, sqs } = wire(cleanEnvironment, env);
  // While the instance starts, not on its first document (see warmUp).
  warmUp();
  return createCleanHandler(
    { s3, sqs, rawBucket: config.PAGEMEND_RAW_BUCKET, cleanBucket: config.PAGEMEND_CLEAN_BUCKET, cleanedQueueUrl: config.PAGEMEND_CLEANED_QUEUE_URL, maxDocumentBytes: config.PAGEMEND_MAX_DOCUMENT_BYTES },
    {
      logger: logger(),
      // Stages deployed to one account count apart.
      metrics: new Metrics({ namespace: "pagemend", serviceName: "pagemend", defaultDimensions: { stage: config.PAGEMEND_STAGE } }),
    },
  );
}

export function reprocessHandlerFromEnvironment(env: Env) {
  const { config, s3, sqs } = wire(reprocessEnvironment, env);
  const lambda = new LambdaClient({ region: config.AWS_REGION });
  return createReprocessHandler(
    { s3, sqs, rawBucket: config.PAGEMEND_RAW_BUCKET, cleanBucket: config.PAGEMEND_CLEAN_BUCKET, ingestQueueUrl: config.PAGEMEND_INGEST_QUEUE_URL },
    {
      logger: logger(),
      // The sweep goes on in a fresh invocation of this same function, with a fresh budget.
      continueSweep: async (position, context) => {
        await lambda.send(new InvokeCommand({ FunctionName: context.invokedFunctionArn, InvocationType: "Event", Payload: asciiJson(position) }));
      },
    },
  );
}

export function replayHandlerFromEnvironment(env: Env) {
  const { config, s3, sqs } = wire(replayEnvironment, env);
  return createReplayHandler(
    { s3, sqs, rawBucket: config.PAGEMEND_RAW_BUCKET, ingestQueueUrl: config.PAGEMEND_INGEST_QUEUE_URL, deadLetterQueueUrl: config.PAGEMEND_DEAD_LETTER_QUEUE_URL },
    { logger: logger() },
  );
}
