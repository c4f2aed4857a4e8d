// The ingest queue's consumer: S3 events and replayed jobs in, cleaned text and reports out.
import { cleanHandlerFromEnvironment } from "@pagemend/pipeline";

export const handler = cleanHandlerFromEnvironment(process.env);
