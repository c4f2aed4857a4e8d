import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import * as z from "zod/mini";
import { sweepForStaleOutputs, type ReprocessDeps, type SweepPosition, type SweepProgress } from "../jobs/reprocess.js";

/**
 * What starts a sweep: the daily schedule (an EventBridge event, read as "everything, stale
 * only"), an operator (`{"prefix": "2026/", "force": true}`), or the function itself handing
 * over where it stopped (`startAfter`).
 */
export const reprocessRequest = z.looseObject({
  prefix: z._default(z.string(), ""),
  force: z._default(z.boolean(), false),
  startAfter: z.optional(z.string()),
});

export interface ReprocessHandlerOptions {
  logger: Logger;
  /** Starts the next invocation at `position` (in AWS: an asynchronous self-invoke). */
  continueSweep: (position: SweepPosition, context: Pick<Context, "invokedFunctionArn">) => Promise<void>;
  /** Time kept back from the function's budget for the hand-over. */
  reserveMs?: number;
}

export function createReprocessHandler(deps: ReprocessDeps, options: ReprocessHandlerOptions) {
  return async (event: unknown, context: Pick<Context, "getRemainingTimeInMillis" | "invokedFunctionArn">): Promise<SweepProgress> => {
    const request = reprocessRequest.parse(event ?? {});
    const position: SweepPosition = { prefix: request.prefix, force: request.force, startAfter: request.startAfter };
    const progress = await sweepForStaleOutputs(deps, position, { timeLeftMs: () => context.getRemainingTimeInMillis(), reserveMs: options.reserveMs ?? 20_000 });
    options.logger.info(progress.done ? "sweep finished" : "sweep paused; handing over", { ...position, ...progress });
    if (!progress.done && progress.next) await options.continueSweep(progress.next, context);
    return progress;
  };
}
