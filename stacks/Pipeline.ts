import { ArnFormat, Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as iam from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { Cron, Function, type StackContext } from "sst/constructs";
import { acceptFindings } from "./acceptedFindings.js";
import { deployEnvironment, PIPELINE_SETTINGS, QUEUED_PREFIX, readEnvironment } from "@pagemend/pipeline";

/**
 * raw bucket --ObjectCreated--> ingest queue (DLQ after 3 receives) --> clean function
 *   --> clean bucket (text, _reports/, _errors/) + `document.cleaned` on the cleaned queue.
 * reprocess (daily) and replay feed the ingest queue too.
 *
 * Every grant is written out: SST's `bind` would give `s3:*` on the buckets.
 */
export function Pipeline({ stack, app }: StackContext) {
  const keep = app.stage === "prod";
  const removalPolicy = keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  // Named, so that the ingest queue's policy can name the raw bucket without a reference
  // cycle (bucket -> notification -> queue policy -> bucket).
  const bucketName = (role: string) => `${app.stage.toLowerCase()}-${app.name}-${role}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  const bucketProps: s3.BucketProps = {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
  };
  const rawBucketName = bucketName("raw");
  const abortUploads: s3.LifecycleRule = { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(PIPELINE_SETTINGS.abortMultipartDays) };
  // Prod records every request to its buckets (who read or overwrote which text); other stages
  // are for trying things out and do without the cost. Log delivery does not accept SSE-KMS,
  // hence S3-managed keys like the rest.
  const accessLogs = keep
    ? new s3.Bucket(stack, "AccessLogBucket", {
        ...bucketProps,
        lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(PIPELINE_SETTINGS.accessLogDays) }],
      })
    : undefined;
  const logsFor = (prefix: string): Partial<s3.BucketProps> => (accessLogs ? { serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: `${prefix}/` } : {});
  const rawBucket = new s3.Bucket(stack, "RawBucket", { ...bucketProps, ...logsFor("raw"), bucketName: rawBucketName, lifecycleRules: [abortUploads] });
  // Versioned: a bad engine release or a forced reprocess overwrites every cleaned text, and an
  // earlier version is how one is restored (the README says how).
  const cleanBucket = new s3.Bucket(stack, "CleanBucket", {
    ...bucketProps,
    ...logsFor("clean"),
    bucketName: bucketName("clean"),
    versioned: true,
    lifecycleRules: [abortUploads, { id: "expire-noncurrent-versions", noncurrentVersionExpiration: Duration.days(PIPELINE_SETTINGS.noncurrentVersionDays) }],
  });

  const queueProps = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true };
  /** A queue where what failed is kept aside for a person, as long as SQS keeps anything. */
  const keptAside = (id: string) => new sqs.Queue(stack, id, { ...queueProps, retentionPeriod: Duration.days(PIPELINE_SETTINGS.deadLetterRetentionDays) });
  /** A working queue whose messages go to `deadLetters` on their third failed receive. */
  const workingQueue = (id: string, deadLetters: sqs.IQueue, props: sqs.QueueProps = {}) =>
    new sqs.Queue(stack, id, {
      ...queueProps,
      ...props,
      retentionPeriod: Duration.days(PIPELINE_SETTINGS.queueRetentionDays),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: PIPELINE_SETTINGS.maxReceiveCount },
    });
  const deadLetterQueue = keptAside("IngestDeadLetterQueue");
  const ingestQueue = workingQueue("IngestQueue", deadLetterQueue, { visibilityTimeout: Duration.seconds(PIPELINE_SETTINGS.ingestVisibilityTimeoutSeconds) });
  // Announcements a consumer fails on three times are kept aside, not lost.
  const cleanedDeadLetterQueue = keptAside("CleanedDeadLetterQueue");
  const cleanedQueue = workingQueue("CleanedQueue", cleanedDeadLetterQueue);

  // S3 -> SQS notification as plain CloudFormation: CDK's notification custom resource
  // would bring a Lambda allowed s3:PutBucketNotification on every bucket ("*").
  ingestQueue.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal("s3.amazonaws.com")],
      actions: ["sqs:SendMessage"],
      resources: [ingestQueue.queueArn],
      conditions: { ArnEquals: { "aws:SourceArn": `arn:${Aws.PARTITION}:s3:::${rawBucketName}` }, StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  );
  const rawCfn = rawBucket.node.defaultChild as s3.CfnBucket;
  rawCfn.addPropertyOverride("NotificationConfiguration.QueueConfigurations", [{ Event: "s3:ObjectCreated:*", Queue: ingestQueue.queueArn }]);
  const queuePolicy = ingestQueue.node.findChild("Policy");
  rawBucket.node.addDependency(queuePolicy);

  const names = {
    PAGEMEND_RAW_BUCKET: rawBucket.bucketName,
    PAGEMEND_CLEAN_BUCKET: cleanBucket.bucketName,
  };
  // HeadObject on a missing key answers 403 instead of 404 without s3:ListBucket, and the
  // handlers read "missing" as a normal state, so every reader of a bucket may list it.
  const listBucket = (bucket: s3.IBucket) => new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] });

  // Each function's own role, with no managed policy: AWSLambdaBasicExecutionRole would allow
  // logs:* actions on every log group ("*"). Its log grants name its own group (below).
  const roleFor = (id: string) => new iam.Role(stack, `${id}Role`, { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });

  const clean = new Function(stack, "Clean", {
    role: roleFor("Clean"),
    handler: "functions/clean.handler",
    description: "Cleans each object named by the ingest queue into the clean bucket",
    timeout: PIPELINE_SETTINGS.cleanTimeoutSeconds,
    // 1769 MB is one full vCPU; cleaning is CPU-bound.
    memorySize: 1769,
    environment: {
      ...names,
      PAGEMEND_CLEANED_QUEUE_URL: cleanedQueue.queueUrl,
      PAGEMEND_MAX_DOCUMENT_BYTES: String(PIPELINE_SETTINGS.maxDocumentBytes),
      PAGEMEND_STAGE: app.stage,
    },
    permissions: [
      listBucket(rawBucket),
      new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [rawBucket.arnForObjects("*")] }),
      listBucket(cleanBucket),
      new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [cleanBucket.arnForObjects("*")] }),
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [cleanedQueue.queueArn] }),
    ],
  });
  clean.addEventSource(
    new SqsEventSource(ingestQueue, { batchSize: PIPELINE_SETTINGS.batchSize, reportBatchItemFailures: true, maxConcurrency: PIPELINE_SETTINGS.cleanMaxConcurrency }),
  );

  const reprocessName = `${app.stage}-${app.name}-reprocess`;
  const reprocess = new Function(stack, "Reprocess", {
    role: roleFor("Reprocess"),
    handler: "functions/reprocess.handler",
    description: "Enqueues raw objects whose cleaned output is missing or stale; hands over to itself when its time runs out",
    functionName: reprocessName,
    timeout: PIPELINE_SETTINGS.reprocessTimeoutSeconds,
    memorySize: 512,
    // One sweep at a time: the schedule, a manual run and a hand-over never overlap.
    reservedConcurrentExecutions: 1,
    environment: { ...names, PAGEMEND_INGEST_QUEUE_URL: ingestQueue.queueUrl },
    permissions: [
      listBucket(rawBucket),
      listBucket(cleanBucket),
      // The stamps of every output: reports, error records, the cleaned texts themselves, and its own notes of queued jobs.
      new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [cleanBucket.arnForObjects("*")] }),
      new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [cleanBucket.arnForObjects(`${QUEUED_PREFIX}*`)] }),
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [ingestQueue.queueArn] }),
      // By name: a reference to its own ARN would make the function depend on itself.
      new iam.PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [stack.formatArn({ service: "lambda", resource: "function", resourceName: reprocessName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    ],
  });
  // A sweep that fails is never silent: the schedule retries its invocation twice, the function
  // retries a failed hand-over twice, and what still fails lands here, where an alarm sees it.
  const reprocessFailures = keptAside("ReprocessFailures");
  new Cron(stack, "DailyReprocess", {
    schedule: PIPELINE_SETTINGS.reprocessSchedule,
    job: { function: reprocess, cdk: { target: { retryAttempts: 2, maxEventAge: Duration.hours(2), deadLetterQueue: reprocessFailures } } },
  });
  reprocess.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(reprocessFailures) });

  const replay = new Function(stack, "Replay", {
    role: roleFor("Replay"),
    handler: "functions/replay.handler",
    description: "Re-enqueues one raw object, or moves dead letters back to the ingest queue",
    timeout: 300,
    memorySize: 256,
    environment: { ...names, PAGEMEND_INGEST_QUEUE_URL: ingestQueue.queueUrl, PAGEMEND_DEAD_LETTER_QUEUE_URL: deadLetterQueue.queueUrl },
    permissions: [
      listBucket(rawBucket),
      new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [rawBucket.arnForObjects("*")] }),
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [ingestQueue.queueArn] }),
      new iam.PolicyStatement({
        actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        resources: [deadLetterQueue.queueArn],
      }),
    ],
  });

  // Every alarm tells the alerts topic; PAGEMEND_ALERT_EMAIL at deploy time subscribes an address.
  const alerts = new sns.Topic(stack, "Alerts", { displayName: "pagemend alerts", enforceSSL: true });
  const { PAGEMEND_ALERT_EMAIL: alertEmail } = readEnvironment(deployEnvironment, process.env);
  if (alertEmail) alerts.addSubscription(new EmailSubscription(alertEmail));
  const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
    const made = new cloudwatch.Alarm(stack, id, {
      alarmDescription: `pagemend: ${description}`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    made.addAlarmAction(new SnsAction(alerts));
    return made;
  };
  const fiveMinutes = { period: Duration.minutes(5) };
  // A document in the dead-letter queue needs a person: it failed three times.
  const deadLetterAlarm = alarm(
    "DeadLettersAlarm",
    "messages in the ingest dead-letter queue (replay them with the replay function's redrive action)",
    deadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinutes),
    1,
  );
  alarm("CleanErrorsAlarm", "the clean function failed (a batch it could not finish)", clean.metricErrors({ ...fiveMinutes, statistic: "Sum" }), 1);
  alarm("CleanThrottlesAlarm", "the clean function was throttled", clean.metricThrottles({ ...fiveMinutes, statistic: "Sum" }), 1);
  alarm("IngestAgeAlarm", "a document has waited over an hour in the ingest queue", ingestQueue.metricApproximateAgeOfOldestMessage(fiveMinutes), PIPELINE_SETTINGS.ingestAgeAlarmSeconds);
  alarm("ReprocessErrorsAlarm", "a reprocess sweep failed", reprocess.metricErrors({ ...fiveMinutes, statistic: "Sum" }), 1);
  alarm("ReprocessFailuresAlarm", "a reprocess sweep or hand-over failed for good (its event is in the ReprocessFailures queue)", reprocessFailures.metricApproximateNumberOfMessagesVisible(fiveMinutes), 1);
  alarm("CleanedAgeAlarm", "announcements have waited over a day on the cleaned queue (is its consumer down?)", cleanedQueue.metricApproximateAgeOfOldestMessage(fiveMinutes), PIPELINE_SETTINGS.cleanedAgeAlarmSeconds);
  alarm("CleanedDeadLettersAlarm", "announcements in the cleaned queue's dead-letter queue", cleanedDeadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinutes), 1);

  // Each function logs to its own group with a retention, set in CloudFormation: SST's
  // logRetention would add a custom resource allowed logs:PutRetentionPolicy on "*".
  for (const [id, fn] of [["Clean", clean], ["Reprocess", reprocess], ["Replay", replay]] as const) {
    const group = new logs.LogGroup(stack, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy });
    (fn.node.defaultChild as CfnFunction).loggingConfig = { logGroup: group.logGroupName };
    fn.role!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [group.logGroupArn] }));
  }

  // SST's own custom-resource function (stack metadata) comes with AWSLambdaBasicExecutionRole,
  // logs:* on "*": its role gets the same three log actions on its own log group instead.
  const sstHandler = stack.customResourceHandler;
  (sstHandler.role!.node.defaultChild as iam.CfnRole).addPropertyDeletionOverride("ManagedPolicyArns");
  sstHandler.role!.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      // By the name CloudFormation gives the function (stack name, construct id, a suffix): its ARN would make a cycle.
      resources: [stack.formatArn({ service: "logs", resource: "log-group", resourceName: `/aws/lambda/${stack.stackName}-CustomResourceHandler*:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }),
  );

  acceptFindings({
    stack,
    logsAccess: accessLogs !== undefined,
    functions: { clean, reprocess, replay },
    buckets: { raw: rawBucket, clean: cleanBucket },
    failureQueues: [deadLetterQueue, cleanedDeadLetterQueue, reprocessFailures],
    reprocessFailures,
  });

  stack.addOutputs({
    DeadLettersAlarm: deadLetterAlarm.alarmName,
    AlertsTopic: alerts.topicArn,
    RawBucket: rawBucket.bucketName,
    CleanBucket: cleanBucket.bucketName,
    IngestQueueUrl: ingestQueue.queueUrl,
    DeadLetterQueueUrl: deadLetterQueue.queueUrl,
    CleanedQueueUrl: cleanedQueue.queueUrl,
    CleanedDeadLetterQueueUrl: cleanedDeadLetterQueue.queueUrl,
    CleanFunction: clean.functionName,
    ReprocessFunction: reprocess.functionName,
    ReplayFunction: replay.functionName,
  });
  return { rawBucket, cleanBucket, ingestQueue, deadLetterQueue, cleanedQueue, cleanedDeadLetterQueue, clean, reprocess, replay };
}
