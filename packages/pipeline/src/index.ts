export {
  PIPELINE_SETTINGS,
  REPORTS_PREFIX,
  ERRORS_PREFIX,
  QUEUED_PREFIX,
  queuedKey,
  reportKey,
  errorKey,
  TOO_LONG_PREFIX,
  isReservedKey,
  outputsFit,
  META_SOURCE_ETAG,
  META_ENGINE_VERSION,
  META_RULE_COUNTS,
  META_CLEAN_MS,
  META_ERROR_CODE,
  formatRuleCounts,
  parseRuleCounts,
} from "./settings.js";
export { cleanEnvironment, deployEnvironment, reprocessEnvironment, replayEnvironment, readEnvironment, ConfigurationError } from "./config.js";
export { createAwsClients, type AwsClients } from "./aws/clients.js";
export {
  parseIngestMessage,
  decodeS3EventKey,
  encodeS3EventKey,
  jobMessageBody,
  s3CreatedEventBody,
  documentCleanedMessage,
  asciiJson,
  MalformedMessageError,
  JOB_MESSAGE_TYPE,
  type CleanJob,
  type DocumentCleanedMessage,
} from "./jobs/messages.js";
export { cleanObject, type CleanObjectDeps, type CleanOutcome, type ErrorRecord } from "./jobs/cleanObject.js";
export { checkBinary, checkSize, type InputProblem } from "./jobs/inspectInput.js";
export { sweepForStaleOutputs, staleReason, type ReprocessDeps, type SweepPosition, type SweepProgress } from "./jobs/reprocess.js";
export { decodeStoredReport, encodeStoredReport, REPORT_ENCODING } from "./jobs/storedReport.js";
export { judgeOutputs, stampStaleness, storedOutputs, type StoredOutputs } from "./jobs/outputs.js";
export { replayKey, redriveDeadLetters, UnknownKeyError, type ReplayDeps } from "./jobs/replay.js";
export { createCleanHandler, type CleanHandlerOptions } from "./handlers/clean.js";
export { CleanMetrics, OUTCOME_METRICS, EDITS_METRIC, RETRY_METRIC } from "./handlers/cleanMetrics.js";
export { createReprocessHandler, reprocessRequest } from "./handlers/reprocess.js";
export { createReplayHandler, replayRequest, type ReplayRequest } from "./handlers/replay.js";
export { cleanHandlerFromEnvironment, reprocessHandlerFromEnvironment, replayHandlerFromEnvironment } from "./handlers/fromEnvironment.js";
export { headObject, getObjectBytes, putObject, listObjectsPage, MULTIPART_THRESHOLD, type ObjectHead, type ListedObject } from "./aws/objects.js";
export { receiveMessages, sendMessages, deleteMessages, queueDepth } from "./aws/queues.js";
export { mapWithConcurrency } from "./jobs/concurrency.js";
