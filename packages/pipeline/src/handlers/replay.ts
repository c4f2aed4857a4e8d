import type { Logger } from "@aws-lambda-powertools/logger";
import * as z from "zod/mini";
import { redriveDeadLetters, replayKey, type ReplayDeps } from "../jobs/replay.js";

/**
 * `{"action": "replay", "key": "2026/a.txt"}` (add `"force": true` to clean an up-to-date output
 * again) or `{"action": "redrive", "max": 100}`.
 */
export const replayRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("replay"), key: z.string().check(z.minLength(1)), force: z._default(z.boolean(), false) }),
  z.object({ action: z.literal("redrive"), max: z._default(z.number().check(z.int(), z.positive(), z.maximum(100_000)), 1000) }),
]);
export type ReplayRequest = z.input<typeof replayRequest>;

export function createReplayHandler(deps: ReplayDeps, options: { logger: Logger }) {
  return async (event: unknown): Promise<{ action: "replay"; key: string; eTag: string } | { action: "redrive"; moved: number }> => {
    const request = replayRequest.parse(event);
    if (request.action === "replay") {
      const replayed = await replayKey(deps, request);
      options.logger.info("replayed", replayed);
      return { action: "replay", ...replayed };
    }
    const { moved } = await redriveDeadLetters(deps, request);
    options.logger.info("moved dead letters back to the ingest queue", { moved });
    return { action: "redrive", moved };
  };
}
