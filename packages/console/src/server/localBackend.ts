import { ENGINE_VERSION } from "@pagemend/core";
import { createAwsClients, redriveDeadLetters, replayKey, sweepForStaleOutputs } from "@pagemend/pipeline";
import { DEFAULT_RESOURCE_NAMES, type LocalPipeline, type LocalPipelineEvent } from "@pagemend/pipeline/local";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import type { ConsoleBackend, JobChange } from "./backend.js";

/** Fans the local pipeline's events out to the console (which starts after the pipeline). */
export class PipelineEvents {
  private readonly listeners = new Set<(change: JobChange) => void>();

  readonly onEvent = (event: LocalPipelineEvent): void => {
    const change: JobChange = event.type === "uploaded" ? { key: event.key, what: "uploaded" } : { key: event.outcome.key, what: event.outcome.status };
    for (const listener of this.listeners) listener(change);
  };

  subscribe(listener: (change: JobChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The console over `npm start`'s pipeline: actions call its handlers in process, changes arrive as they happen. */
export function localBackend(pipeline: LocalPipeline, events: PipelineEvents): ConsoleBackend {
  const { resources } = pipeline;
  return {
    label: `local pipeline (${pipeline.endpoint})`,
    s3: pipeline.clients.s3,
    sqs: pipeline.clients.sqs,
    resources: { rawBucket: resources.rawBucket, cleanBucket: resources.cleanBucket, ingestQueueUrl: resources.ingest.url, deadLetterQueueUrl: resources.deadLetter.url },
    engineVersion: ENGINE_VERSION,
    replay: (key, force) => pipeline.replay({ action: "replay", key, force }),
    reprocess: (prefix, force) => pipeline.reprocess({ prefix, force }),
    redrive: () => pipeline.replay({ action: "redrive" }),
    subscribe: (listener) => events.subscribe(listener),
  };
}

/**
 * The console over an S3/SQS endpoint where a local pipeline already runs (another terminal's
 * `npm start`), with its default names. Actions use the pipeline's job functions directly;
 * changes are picked up by refreshing.
 */
export async function endpointBackend(options: { endpoint: string; region: string }): Promise<ConsoleBackend> {
  const clients = createAwsClients(options);
  const names = DEFAULT_RESOURCE_NAMES;
  const queueUrl = async (name: string) => (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? "";
  const [ingestQueueUrl, deadLetterQueueUrl] = await Promise.all([queueUrl(names.ingestQueue), queueUrl(names.deadLetterQueue)]);
  const resources = { rawBucket: names.rawBucket, cleanBucket: names.cleanBucket, ingestQueueUrl, deadLetterQueueUrl };
  const jobDeps = { ...clients, ...resources };
  return {
    label: `pipeline on ${options.endpoint}`,
    ...clients,
    resources,
    engineVersion: ENGINE_VERSION,
    replay: (key, force) => replayKey(jobDeps, { key, force }),
    redrive: () => redriveDeadLetters(jobDeps),
    // Outside Lambda there is no time budget: one sweep runs to the end, with no hand-over.
    reprocess: async (prefix, force) => [await sweepForStaleOutputs(jobDeps, { prefix, force }, { timeLeftMs: () => Infinity, reserveMs: 0 })],
  };
}
