// The daily sweep (and manual `{"prefix", "force"}` runs): enqueues objects with stale outputs.
import { reprocessHandlerFromEnvironment } from "@pagemend/pipeline";

export const handler = reprocessHandlerFromEnvironment(process.env);
