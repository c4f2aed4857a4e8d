import { HeadObjectCommand, PutBucketNotificationConfigurationCommand } from "@aws-sdk/client-s3";
import { putObject } from "../aws/objects.js";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import type { LogLevel } from "@aws-lambda-powertools/logger/types";
import { createAwsClients, type AwsClients } from "../aws/clients.js";
import { createCleanHandler } from "../handlers/clean.js";
import { createReplayHandler, type ReplayRequest } from "../handlers/replay.js";
import { createReprocessHandler } from "../handlers/reprocess.js";
import type { CleanOutcome } from "../jobs/cleanObject.js";
import { s3CreatedEventBody } from "../jobs/messages.js";
import type { SweepPosition, SweepProgress } from "../jobs/reprocess.js";
import { PIPELINE_SETTINGS } from "../settings.js";
import { startEmulator, type CreatedObject, type Emulator } from "./emulator.js";
import { lambdaContext } from "./lambdaContext.js";
import { startQueuePoller, type QueuePoller } from "./poller.js";
import { DEFAULT_RESOURCE_NAMES, ensureResources, type LocalResources, type ResourceNames } from "./resources.js";
import { watchDirectory } from "./watchDirectory.js";
import { mirrorOutcome, watchInbox, type DurableFolders, type InboxUploads } from "./durableFolders.js";
import { queueDepth } from "../aws/queues.js";

export interface LocalPipelineOptions {
  /** Port of the embedded emulator (0 picks a free one). Ignored with `endpoint`. */
  port?: number;
  /** Use this S3/SQS endpoint instead of starting the embedded emulator. */
  endpoint?: string;
  region?: string;
  names?: Partial<ResourceNames>;
  /** The ingest queue's visibility timeout; the stack's by default. Tests shorten it. */
  visibilityTimeoutSeconds?: number;
  /** Batches the clean handler works on at once. */
  concurrency?: number;
  /** Seconds between reprocess sweeps; the first runs at start. 0 turns the schedule off. */
  reprocessEverySeconds?: number;
  /** Upload every file in this folder, and every file that appears in it later. */
  watchDir?: string;
  /** Durable mode: the inbox is uploaded (but for files with a current output in the outbox), outcomes are mirrored to the outbox. */
  durable?: DurableFolders;
  maxDocumentBytes?: number;
  /** Adjusts the clean handler's own SDK clients, e.g. to inject faults in a test. */
  configureCleanClients?: (clients: AwsClients) => void;
  /** One line per event worth telling (uploads, outcomes, retries). */
  log?: (line: string) => void;
  /** Each upload to the raw bucket and each clean outcome, as they happen (the console's live updates). */
  onEvent?: (event: LocalPipelineEvent) => void;
  /** Log level of the handlers' structured (Powertools) logger. */
  handlerLogLevel?: LogLevel;
}

export type LocalPipelineEvent = { type: "uploaded"; key: string } | { type: "outcome"; outcome: CleanOutcome };

export interface LocalPipeline {
  endpoint: string;
  region: string;
  resources: LocalResources;
  clients: AwsClients;
  /** Runs one sweep to its end, across as many hand-overs as it takes. */
  reprocess(request?: { prefix?: string; force?: boolean }): Promise<SweepProgress[]>;
  replay(request: ReplayRequest): Promise<unknown>;
  /** Stops taking files from the watched folder or inbox; what was taken is still cleaned. */
  stopAccepting(): Promise<void>;
  /** Waits until the ingest queue is empty and nothing is in flight, for at most `timeoutMs`; returns how many jobs are left. */
  drain(timeoutMs: number): Promise<number>;
  /** Stops polling, waits for work in flight, stops the emulator. */
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS_HINT = "AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1";

/**
 * The whole pipeline on one machine: the embedded S3/SQS emulator, the buckets and queues
 * with the stack's settings, a bridge standing in for S3 bucket notifications, the clean
 * handler fed by a poller in Lambda's event shape, and the reprocess schedule. The handlers
 * are the ones the Lambda functions run.
 */
export async function startLocalPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const region = options.region ?? "us-east-1";
  const log = options.log ?? (() => {});
  const emit = options.onEvent ?? (() => {});
  const emulator: Emulator | undefined = options.endpoint ? undefined : await startEmulator({ port: options.port ?? 4566, region });
  const endpoint = options.endpoint ?? emulator?.endpoint ?? "";
  const clients = createAwsClients({ region, endpoint });
  const stops: Array<() => Promise<void>> = [];
  const durable = options.durable;
  let inbox: InboxUploads | undefined;
  const mirroring = new Set<Promise<void>>();
  try {
    const resources = await ensureResources(clients, { ...DEFAULT_RESOURCE_NAMES, ...options.names }, {
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? PIPELINE_SETTINGS.ingestVisibilityTimeoutSeconds,
      maxReceiveCount: PIPELINE_SETTINGS.maxReceiveCount,
    });
    const logger = new Logger({ serviceName: "pagemend-local", logLevel: options.handlerLogLevel ?? "SILENT" });

    // S3 notifications: bridged from the embedded emulator, or configured on another endpoint.
    const bridging = new Set<Promise<void>>();
    if (emulator) {
      emulator.onObjectCreated((object) => {
        if (object.bucket !== resources.rawBucket) return;
        emit({ type: "uploaded", key: object.key });
        const task = notify(clients, resources, region, object).catch((error: unknown) => log(`bridge: could not announce ${object.key}: ${describe(error)}`));
        bridging.add(task);
        void task.finally(() => bridging.delete(task));
      });
    } else {
      await configureNotifications(clients, resources, log);
    }
    stops.push(async () => void (await Promise.allSettled([...bridging])));

    const cleanClients = createAwsClients({ region, endpoint });
    options.configureCleanClients?.(cleanClients);
    const cleanHandler = createCleanHandler(
      {
        s3: cleanClients.s3,
        sqs: cleanClients.sqs,
        rawBucket: resources.rawBucket,
        cleanBucket: resources.cleanBucket,
        cleanedQueueUrl: resources.cleaned.url,
        maxDocumentBytes: options.maxDocumentBytes ?? PIPELINE_SETTINGS.maxDocumentBytes,
      },
      {
        logger,
        onOutcome: (outcome) => {
          log(describeOutcome(outcome));
          emit({ type: "outcome", outcome });
          if (durable) {
            const task = mirrorOutcome(cleanClients.s3, resources.cleanBucket, durable.outbox, outcome, inbox?.sources.get(outcome.key)).then(
              () => {},
              (error: unknown) => log(`outbox: could not mirror ${outcome.key}: ${describe(error)}`),
            );
            mirroring.add(task);
            void task.finally(() => mirroring.delete(task));
          }
        }, onRetry: (error, record) => log(`retry    message ${record.messageId} (receive ${record.attributes.ApproximateReceiveCount}): ${describe(error)}`) },
    );
    const poller: QueuePoller = startQueuePoller({
      sqs: clients.sqs,
      queueUrl: resources.ingest.url,
      queueArn: resources.ingest.arn,
      region,
      batchSize: PIPELINE_SETTINGS.batchSize,
      concurrency: options.concurrency ?? 2,
      functionTimeoutMs: PIPELINE_SETTINGS.cleanTimeoutSeconds * 1000,
      handler: cleanHandler,
      onError: (error) => log(`poller: ${describe(error)}`),
    });
    stops.unshift(() => poller.stop());

    // Reprocess: a sweep hands over to a fresh invocation where it stopped, as in AWS.
    const reprocessDeps = { s3: clients.s3, sqs: clients.sqs, rawBucket: resources.rawBucket, cleanBucket: resources.cleanBucket, ingestQueueUrl: resources.ingest.url };
    const reprocess = async (request: { prefix?: string; force?: boolean } = {}): Promise<SweepProgress[]> => {
      const runs: SweepProgress[] = [];
      let next: SweepPosition | undefined = { prefix: request.prefix ?? "", force: request.force ?? false };
      while (next) {
        const position: SweepPosition = next;
        next = undefined;
        const handler = createReprocessHandler(reprocessDeps, { logger, continueSweep: async (more) => void (next = more) });
        runs.push(await handler(position, lambdaContext("reprocess", PIPELINE_SETTINGS.reprocessTimeoutSeconds * 1000)));
      }
      const enqueued = runs.reduce((n, r) => n + r.enqueued, 0);
      if (enqueued > 0) log(`reprocess enqueued ${enqueued} of ${runs.reduce((n, r) => n + r.scanned, 0)} objects ${JSON.stringify(Object.assign({}, ...runs.map((r) => r.reasons)))}`);
      return runs;
    };
    const every = options.reprocessEverySeconds ?? 600;
    if (every > 0) {
      let sweeping: Promise<unknown> = Promise.resolve();
      const tick = () => {
        sweeping = sweeping.then(() => reprocess()).catch((error: unknown) => log(`reprocess: ${describe(error)}`));
      };
      tick();
      const timer = setInterval(tick, every * 1000);
      stops.unshift(async () => {
        clearInterval(timer);
        await sweeping;
      });
    }

    const replayHandler = createReplayHandler(
      { s3: clients.s3, sqs: clients.sqs, rawBucket: resources.rawBucket, ingestQueueUrl: resources.ingest.url, deadLetterQueueUrl: resources.deadLetter.url },
      { logger },
    );

    const intake: Array<() => Promise<void>> = [];
    if (options.watchDir) {
      const watcher = await watchDirectory(
        options.watchDir,
        async (key, body) => {
          await putObject(clients.s3, { bucket: resources.rawBucket, key, body });
          log(`uploaded ${key} (${body.length} bytes) from ${options.watchDir}`);
        },
        (error, path) => log(`watch: could not upload ${path}: ${describe(error)}`),
      );
      intake.push(() => watcher.close());
    }
    if (durable) {
      inbox = await watchInbox(
        durable,
        async (key, body) => {
          const eTag = await putObject(clients.s3, { bucket: resources.rawBucket, key, body });
          log(`uploaded ${key} (${body.length} bytes) from the inbox`);
          return eTag;
        },
        (error, path) => log(`inbox: could not upload ${path}: ${describe(error)}`),
      );
      const taken = inbox;
      intake.push(() => taken.close());
      void taken.ready.then(() => log(`inbox: ${taken.skipped} file(s) already have a current output in ${durable.outbox}; ${taken.uploaded} uploaded`));
    }
    let accepting = true;
    const stopAccepting = async () => {
      if (!accepting) return;
      accepting = false;
      for (const close of intake) await close();
    };
    stops.unshift(stopAccepting);
    stops.push(async () => void (await Promise.allSettled([...mirroring])));

    let stopped: Promise<void> | undefined;
    return {
      endpoint,
      region,
      resources,
      clients,
      reprocess,
      replay: (request) => replayHandler(request),
      stopAccepting,
      drain: async (timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const depth = await queueDepth(clients.sqs, resources.ingest.url);
          const left = depth.waiting + depth.inFlight;
          if ((left === 0 && bridging.size === 0) || Date.now() >= deadline) return left;
          await new Promise((wait) => setTimeout(wait, 100));
        }
      },
      stop: () =>
        (stopped ??= (async () => {
          for (const stop of stops) await stop();
          await emulator?.stop();
        })()),
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    await emulator?.stop();
    throw error;
  }
}

/** The notification S3 would have sent for `object`. */
async function notify(clients: AwsClients, resources: LocalResources, region: string, object: CreatedObject): Promise<void> {
  const head = await clients.s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
  const body = s3CreatedEventBody({ bucket: object.bucket, key: object.key, size: head.ContentLength ?? 0, eTag: head.ETag ?? "", region, eventName: object.eventName });
  await clients.sqs.send(new SendMessageCommand({ QueueUrl: resources.ingest.url, MessageBody: body }));
}

/** Another endpoint may support real notifications; when it does not, the reprocess sweep still finds every upload. */
async function configureNotifications(clients: AwsClients, resources: LocalResources, log: (line: string) => void): Promise<void> {
  try {
    await clients.s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: resources.rawBucket,
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: resources.ingest.arn, Events: ["s3:ObjectCreated:*"] }] },
      }),
    );
  } catch (error) {
    log(`the endpoint refused bucket notifications (${describe(error)}); uploads are found by the reprocess sweep instead`);
  }
}

export function describeOutcome(outcome: CleanOutcome): string {
  switch (outcome.status) {
    case "cleaned": {
      const counts = Object.entries(outcome.counts)
        .filter(([, n]) => n > 0)
        .map(([rule, n]) => `${rule} ${n}`)
        .join(" · ");
      return `cleaned  ${outcome.key}  ${counts || "no edits"}  (${outcome.bytes} bytes, ${outcome.ms.toFixed(0)} ms)`;
    }
    case "up-to-date":
      return `skipped  ${outcome.key}  (output is current)`;
    case "failed":
      return `failed   ${outcome.key}  ${outcome.error.code}: ${outcome.error.message}`;
    case "missing":
      return `missing  ${outcome.key}  (deleted or replaced before it was read)`;
    case "refused":
      return `refused  ${outcome.bucket}/${outcome.key}  ${outcome.message}`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export { LOCAL_CREDENTIALS_HINT };
