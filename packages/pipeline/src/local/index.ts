export { startLocalPipeline, describeOutcome, type LocalPipeline, type LocalPipelineOptions, type LocalPipelineEvent } from "./runtime.js";
export { startEmulator, type Emulator, type CreatedObject } from "./emulator.js";
export { startQueuePoller, type QueuePoller } from "./poller.js";
export { ensureResources, DEFAULT_RESOURCE_NAMES, type LocalResources, type ResourceNames } from "./resources.js";
export { watchDirectory } from "./watchDirectory.js";
export { lambdaContext } from "./lambdaContext.js";
export { main as localMain, type LocalAddOn } from "./cli.js";
