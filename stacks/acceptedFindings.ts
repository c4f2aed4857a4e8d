import type { CfnElement } from "aws-cdk-lib";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { IConstruct } from "constructs";
import { NagSuppressions, type NagPackSuppression } from "cdk-nag";
import type { Function, Stack } from "sst/constructs";
import { QUEUED_PREFIX } from "@pagemend/pipeline";

/**
 * The cdk-nag findings (AwsSolutions, Serverless) this stack keeps on purpose, each with why.
 * test/infra/nag.test.ts runs both packs on the synthesized stack and fails on any finding not
 * accepted here, so a new one is either fixed or argued for in this file.
 */
export interface AcceptedFindingsScope {
  stack: Stack;
  /** Whether the stage records S3 access (prod). */
  logsAccess: boolean;
  functions: { clean: Function; reprocess: Function; replay: Function };
  buckets: { raw: s3.Bucket; clean: s3.Bucket };
  /** Queues that are themselves where failures are kept: no redrive of their own. */
  failureQueues: sqs.Queue[];
  /** The dead-letter queue of the schedule and the on-failure destination of reprocess, not an SQS redrive target. */
  reprocessFailures: sqs.Queue;
}

const accept = (construct: IConstruct | IConstruct[], suppressions: NagPackSuppression[]) =>
  NagSuppressions.addResourceSuppressions(construct, suppressions, true);

export function acceptFindings({ stack, logsAccess, functions, buckets, failureQueues, reprocessFailures }: AcceptedFindingsScope): void {
  const sstHandler = stack.customResourceHandler;
  const allFunctions = [functions.clean, functions.reprocess, functions.replay, sstHandler];
  accept(allFunctions, [
    {
      id: "AwsSolutions-L1",
      reason: "nodejs22.x is the runtime the project builds and tests its bundles for; moving to a newer one is a deliberate upgrade with its own tests, not a lint fix",
    },
    { id: "Serverless-LambdaLatestVersion", reason: "as AwsSolutions-L1: nodejs22.x is the runtime the bundles are built and tested for" },
    {
      id: "Serverless-LambdaTracing",
      reason: "X-Ray's write actions cannot be scoped to a resource: active tracing would grant them on '*'. Durations are in Lambda's metrics and each report's clean-ms",
    },
  ]);

  // Where each function's failures go instead of a function dead-letter queue (asynchronous invocations only).
  accept(functions.clean, [
    {
      id: "Serverless-LambdaDLQ",
      reason: "invoked only by its SQS event source: a message that fails three times moves to IngestDeadLetterQueue by the queue's redrive policy",
    },
  ]);
  accept(functions.reprocess, [
    {
      id: "Serverless-LambdaDLQ",
      reason: "asynchronous failures go to the ReprocessFailures queue through an on-failure destination, which keeps the error with the event; an alarm watches it",
    },
  ]);
  accept(functions.replay, [
    { id: "Serverless-LambdaDLQ", reason: "invoked synchronously (RequestResponse) by the console and operators, who receive its error; never asynchronously" },
  ]);
  accept(sstHandler, [
    { id: "Serverless-LambdaDLQ", reason: "SST's stack-metadata handler, invoked by CloudFormation, which reports a failure as a failed stack event" },
    {
      id: "AwsSolutions-IAM4",
      reason: "the managed AWSLambdaBasicExecutionRole is deleted from the synthesized role by a property override (cdk-nag reads the construct); test/infra asserts no role in the template has a managed policy",
      appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    },
    {
      id: "AwsSolutions-IAM5",
      reason: "its log group's name ends in the suffix CloudFormation gives the function, so it is named by pattern: the function's ARN would make a dependency cycle",
      appliesTo: [{ regex: "/^Resource::arn:<AWS::Partition>:logs:.*:log-group:\\/aws\\/lambda\\/.*-CustomResourceHandler\\*:\\*$/" }],
    },
  ]);
  const cleanEventSource = functions.clean.node.children.find((child) => child.node.id.startsWith("SqsEventSource"));
  if (cleanEventSource) {
    accept(cleanEventSource, [
      {
        id: "Serverless-LambdaEventSourceMappingDestination",
        reason: "on-failure destinations exist for stream and Kafka sources only; an SQS source's failed messages move to the queue's dead-letter queue after three receives",
      },
    ]);
  }

  // Object ARNs end in a key wildcard: the keys are the users' own names.
  const objects = (bucket: s3.Bucket, pattern = "*") => `Resource::<${stack.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/${pattern}`;
  accept(functions.clean.role!, [
    {
      id: "AwsSolutions-IAM5",
      reason: "reads whichever raw object it is told of, and writes the cleaned text, _reports/ and _errors/ under that object's own key, which users choose",
      appliesTo: [objects(buckets.raw), objects(buckets.clean)],
    },
  ]);
  accept(functions.reprocess.role!, [
    {
      id: "AwsSolutions-IAM5",
      reason: "reads the stamps of every output in the clean bucket (any key) and writes only its notes under _queued/, named by the raw key",
      appliesTo: [objects(buckets.clean), objects(buckets.clean, `${QUEUED_PREFIX}*`)],
    },
  ]);
  accept(functions.replay.role!, [
    { id: "AwsSolutions-IAM5", reason: "re-enqueues any raw object by key, reading its stamp (ETag and size) first", appliesTo: [objects(buckets.raw)] },
  ]);

  accept(failureQueues, [{ id: "Serverless-SQSRedrivePolicy", reason: "is itself where failures are kept, for 14 days, with an alarm on its first message: a redrive of its own would hide them" }]);
  accept(reprocessFailures, [
    {
      id: "AwsSolutions-SQS3",
      reason: "is the dead-letter queue of the schedule's target and the on-failure destination of reprocess, which cdk-nag does not recognise as DLQ uses",
    },
  ]);

  if (!logsAccess) {
    accept([buckets.raw, buckets.clean], [
      { id: "AwsSolutions-S1", reason: "only the prod stage records access (to its AccessLogBucket): other stages are for trying things out and do without the cost" },
    ]);
  }
}
