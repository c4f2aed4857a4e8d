import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";

export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
}

/**
 * SDK clients for AWS, or for an S3/SQS emulator when `endpoint` is given. An emulator gets
 * path-style S3 addressing, and SQS requests go to the endpoint itself even though queue URLs
 * name `sqs.<region>.localhost` (the SQS client would otherwise resolve that host).
 */
export function createAwsClients(options: { region: string; endpoint?: string | undefined }): AwsClients {
  const local = options.endpoint
    ? { endpoint: options.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
    : {};
  return {
    s3: new S3Client({ region: options.region, ...local, forcePathStyle: Boolean(options.endpoint) }),
    sqs: new SQSClient({ region: options.region, ...local }),
  };
}
