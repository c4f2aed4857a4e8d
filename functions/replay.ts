// `{"action": "replay", "key"}` re-enqueues one object; `{"action": "redrive"}` empties the DLQ back into ingest.
import { replayHandlerFromEnvironment } from "@pagemend/pipeline";

export const handler = replayHandlerFromEnvironment(process.env);
