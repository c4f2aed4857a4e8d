import { Match } from "aws-cdk-lib/assertions";
import type { Template } from "aws-cdk-lib/assertions";
import { stageOutputs } from "../../packages/console/src/server/stageBackend.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { deployEnvironment, PIPELINE_SETTINGS, readEnvironment } from "@pagemend/pipeline";
import { describeResource, logicalId, synthesize, type Synthesized } from "./synthesize.js";

// The real sst.config.ts, synthesized offline for a stage other than prod (see prod.test.ts).
let template: Template;
let resources: Synthesized["resources"];
let bundles: Synthesized["bundles"];

beforeAll(async () => {
  // As an operator deploys it: alerts mailed to an address.
  process.env.PAGEMEND_ALERT_EMAIL = "ops@example.com";
  ({ template, resources, bundles } = await synthesize("test"));
}, 120_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const idOf = (prefix: string, type: string) => logicalId(resources, prefix, type);
const functionId = (handler: string) => {
  const found = ofType("AWS::Lambda::Function").filter(([, r]) => r.Properties.Handler === `functions/${handler}.handler`);
  expect(found, `one function with handler functions/${handler}`).toHaveLength(1);
  return found[0]![0];
};

/** Every Allow in a function's role policies as `action on resource`, sorted. */
function grantsOf(handler: string): string[] {
  const fn = resources[functionId(handler)]!;
  const roleId = describeResource(fn.Properties.Role);
  const grants: string[] = [];
  for (const [, policy] of ofType("AWS::IAM::Policy")) {
    const roles = (policy.Properties.Roles as unknown[]).map(describeResource);
    if (!roles.includes(roleId)) continue;
    for (const statement of (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement) {
      if (statement.Effect !== "Allow") continue;
      for (const action of [statement.Action].flat() as string[]) {
        for (const resource of [statement.Resource].flat()) grants.push(`${action} on ${describeResource(resource)}`);
      }
    }
  }
  return grants.sort();
}

describe("buckets", () => {
  it("block public access, encrypt, and refuse requests without TLS", () => {
    const buckets = ofType("AWS::S3::Bucket");
    expect(buckets.map(([id]) => id.replace(/[0-9A-F]{8}$/, "")).sort()).toEqual(["CleanBucket", "RawBucket"]);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.Properties.BucketEncryption, id).toBeDefined();
      const policies = ofType("AWS::S3::BucketPolicy").filter(([, p]) => describeResource(p.Properties.Bucket) === id);
      expect(policies, `${id} has a bucket policy`).toHaveLength(1);
      expect(policies[0]![1].Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]),
      });
    }
  });

  it("the clean bucket keeps overwritten and deleted versions for a while; both abort unfinished uploads", () => {
    const clean = resources[idOf("CleanBucket", "AWS::S3::Bucket")]!;
    expect(clean.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    const rules = (id: string) => (resources[id]!.Properties.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    expect(rules(idOf("CleanBucket", "AWS::S3::Bucket"))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: PIPELINE_SETTINGS.noncurrentVersionDays }, Status: "Enabled" }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: PIPELINE_SETTINGS.abortMultipartDays }, Status: "Enabled" }),
      ]),
    );
    expect(rules(idOf("RawBucket", "AWS::S3::Bucket"))).toEqual([expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: PIPELINE_SETTINGS.abortMultipartDays } })]);
  });

  it("the raw bucket notifies the ingest queue of every created object, and only it may send there", () => {
    const raw = resources[idOf("RawBucket", "AWS::S3::Bucket")]!;
    const ingest = idOf("IngestQueue", "AWS::SQS::Queue");
    expect(raw.Properties.NotificationConfiguration).toEqual({ QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: { "Fn::GetAtt": [ingest, "Arn"] } }] });
    const policyId = idOf("IngestQueuePolicy", "AWS::SQS::QueuePolicy");
    expect(raw.DependsOn).toContain(policyId);
    const statements = (resources[policyId]!.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    const fromS3 = statements.filter((s) => s.Effect === "Allow");
    expect(fromS3).toHaveLength(1);
    expect(fromS3[0]).toMatchObject({ Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage" });
    expect(JSON.stringify(fromS3[0]!.Condition)).toContain("test-pagemend-raw-");
    // No custom resource for notifications (it would hold s3:PutBucketNotification on "*").
    expect(ofType("Custom::S3BucketNotifications")).toHaveLength(0);
  });
});

describe("queues", () => {
  it("are encrypted and refuse requests without TLS", () => {
    const queues = ofType("AWS::SQS::Queue");
    expect(queues).toHaveLength(5);
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled ?? queue.Properties.KmsMasterKeyId, id).toBeTruthy();
      const policy = ofType("AWS::SQS::QueuePolicy").find(([, p]) => (p.Properties.Queues as unknown[]).map(describeResource).includes(id));
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), id).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("ingest: visibility at least 6x the clean function's timeout, dead letters after 3 receives", () => {
    const ingest = resources[idOf("IngestQueue", "AWS::SQS::Queue")]!;
    const clean = resources[functionId("clean")]!;
    expect(clean.Properties.Timeout).toBe(PIPELINE_SETTINGS.cleanTimeoutSeconds);
    expect(ingest.Properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * (clean.Properties.Timeout as number));
    expect(ingest.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [idOf("IngestDeadLetterQueue", "AWS::SQS::Queue"), "Arn"] }, maxReceiveCount: 3 });
    expect(resources[idOf("IngestDeadLetterQueue", "AWS::SQS::Queue")]!.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
  });

  it("cleaned: announcements a consumer fails on go to a dead-letter queue; both working queues keep messages alike", () => {
    const cleaned = resources[idOf("CleanedQueue", "AWS::SQS::Queue")]!;
    const ingest = resources[idOf("IngestQueue", "AWS::SQS::Queue")]!;
    expect(cleaned.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [idOf("CleanedDeadLetterQueue", "AWS::SQS::Queue"), "Arn"] }, maxReceiveCount: 3 });
    expect(cleaned.Properties.MessageRetentionPeriod).toBe(PIPELINE_SETTINGS.queueRetentionDays * 86_400);
    expect(ingest.Properties.MessageRetentionPeriod).toBe(cleaned.Properties.MessageRetentionPeriod);
    expect(resources[idOf("CleanedDeadLetterQueue", "AWS::SQS::Queue")]!.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
  });

  it("every alarm tells the alerts topic, which mails the deploy's PAGEMEND_ALERT_EMAIL", () => {
    const topic = idOf("Alerts", "AWS::SNS::Topic");
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com", TopicArn: { Ref: topic } });
    const alarms = ofType("AWS::CloudWatch::Alarm");
    const named = (prefix: string) => alarms.find(([id]) => id.startsWith(prefix))?.[1];
    for (const prefix of ["DeadLettersAlarm", "CleanErrorsAlarm", "CleanThrottlesAlarm", "IngestAgeAlarm", "ReprocessErrorsAlarm", "ReprocessFailuresAlarm", "CleanedAgeAlarm", "CleanedDeadLettersAlarm"]) {
      expect(named(prefix)?.Properties.AlarmActions, prefix).toEqual([{ Ref: topic }]);
    }
    expect(named("CleanErrorsAlarm")!.Properties).toMatchObject({ MetricName: "Errors", Namespace: "AWS/Lambda", Dimensions: [{ Name: "FunctionName", Value: { Ref: functionId("clean") } }] });
    expect(named("CleanThrottlesAlarm")!.Properties).toMatchObject({ MetricName: "Throttles", Dimensions: [{ Name: "FunctionName", Value: { Ref: functionId("clean") } }] });
    expect(named("ReprocessErrorsAlarm")!.Properties).toMatchObject({ MetricName: "Errors", Dimensions: [{ Name: "FunctionName", Value: { Ref: functionId("reprocess") } }] });
    expect(named("IngestAgeAlarm")!.Properties).toMatchObject({ MetricName: "ApproximateAgeOfOldestMessage", Threshold: PIPELINE_SETTINGS.ingestAgeAlarmSeconds });
    expect(named("CleanedAgeAlarm")!.Properties).toMatchObject({ MetricName: "ApproximateAgeOfOldestMessage", Threshold: PIPELINE_SETTINGS.cleanedAgeAlarmSeconds });
    // The topic refuses requests without TLS.
    const policy = ofType("AWS::SNS::TopicPolicy").find(([, p]) => (p.Properties.Topics as unknown[]).map(describeResource).includes(topic));
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it("a malformed alert address stops the deploy with its name", () => {
    expect(() => readEnvironment(deployEnvironment, { PAGEMEND_ALERT_EMAIL: "not an address" })).toThrow(/PAGEMEND_ALERT_EMAIL/);
    expect(readEnvironment(deployEnvironment, { PAGEMEND_ALERT_EMAIL: "" }).PAGEMEND_ALERT_EMAIL).toBeUndefined();
  });

  it("an alarm goes off when a message reaches the dead-letter queue", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Namespace: "AWS/SQS",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [idOf("IngestDeadLetterQueue", "AWS::SQS::Queue"), "QueueName"] } }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("the clean function consumes ingest in batches of 10 with partial batch failures", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [idOf("IngestQueue", "AWS::SQS::Queue"), "Arn"] },
      FunctionName: { Ref: functionId("clean") },
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      // A bulk upload waits in the queue instead of taking the account's concurrency.
      ScalingConfig: { MaximumConcurrency: PIPELINE_SETTINGS.cleanMaxConcurrency },
    });
    expect(ofType("AWS::Lambda::EventSourceMapping")).toHaveLength(1);
  });
});

describe("functions", () => {
  it.each(["clean", "reprocess", "replay"])("%s runs on nodejs22.x, arm64", (handler) => {
    const fn = resources[functionId(handler)]!;
    expect(fn.Properties.Runtime).toBe("nodejs22.x");
    expect(fn.Properties.Architectures).toEqual(["arm64"]);
  });

  it.each(["clean", "reprocess", "replay"])("%s logs to a group of its own kept 30 days", (handler) => {
    const config = resources[functionId(handler)]!.Properties.LoggingConfig as { LogGroup: { Ref: string } };
    expect(resources[config.LogGroup.Ref]).toMatchObject({ Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: 30 } });
  });

  it("a reprocess sweep that fails is retried, then kept where an alarm sees it: from the schedule and from a hand-over", () => {
    const failures = idOf("ReprocessFailures", "AWS::SQS::Queue");
    template.hasResourceProperties("AWS::Events::Rule", {
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 }, DeadLetterConfig: { Arn: { "Fn::GetAtt": [failures, "Arn"] } } })],
    });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: functionId("reprocess") },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [failures, "Arn"] } } },
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", { MetricName: "ApproximateNumberOfMessagesVisible", Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [failures, "QueueName"] } }] });
  });

  it("reprocess runs one sweep at a time", () => {
    expect(resources[functionId("reprocess")]!.Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it("reprocess runs daily", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "cron(0 3 * * ? *)",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [functionId("reprocess"), "Arn"] } })],
    });
  });

  it("no role anywhere is allowed a wildcard action or a '*' resource, and none carries a managed policy", () => {
    // A managed policy is a statement the inline ones below do not show (AWSLambdaBasicExecutionRole allows logs:* on "*").
    for (const [id, role] of ofType("AWS::IAM::Role")) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    for (const [id, policy] of ofType("AWS::IAM::Policy")) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement) {
        if (statement.Effect !== "Allow") continue;
        for (const action of [statement.Action].flat() as string[]) expect(action, id).not.toMatch(/(^\*$)|:\*$/);
        for (const resource of [statement.Resource].flat()) expect(resource, id).not.toBe("*");
      }
    }
  });

  const raw = () => idOf("RawBucket", "AWS::S3::Bucket");
  const cleanB = () => idOf("CleanBucket", "AWS::S3::Bucket");
  const queue = (name: string) => idOf(name, "AWS::SQS::Queue");
  /** Writing to its own log group, and no other. */
  const logsOf = (id: string) => ["CreateLogStream", "PutLogEvents"].map((a) => `logs:${a} on ${idOf(`${id}Logs`, "AWS::Logs::LogGroup")}`);

  it("clean reads raw, writes clean, sends to the cleaned queue and consumes ingest: nothing else", () => {
    expect(grantsOf("clean")).toEqual(
      [
        `s3:ListBucket on ${raw()}`,
        `s3:GetObject on ${raw()}/*`,
        `s3:ListBucket on ${cleanB()}`,
        `s3:GetObject on ${cleanB()}/*`,
        `s3:PutObject on ${cleanB()}/*`,
        `s3:DeleteObject on ${cleanB()}/*`,
        `sqs:SendMessage on ${queue("CleanedQueue")}`,
        ...["ReceiveMessage", "ChangeMessageVisibility", "GetQueueUrl", "DeleteMessage", "GetQueueAttributes"].map((a) => `sqs:${a} on ${queue("IngestQueue")}`),
        ...logsOf("Clean"),
      ].sort(),
    );
  });

  it("reprocess lists both buckets, reads stamps, notes what it queued, enqueues, and may invoke only itself", () => {
    expect(grantsOf("reprocess")).toEqual(
      [
        `s3:ListBucket on ${raw()}`,
        `s3:ListBucket on ${cleanB()}`,
        `s3:GetObject on ${cleanB()}/*`,
        `s3:PutObject on ${cleanB()}/_queued/*`,
        // The on-failure destination of its asynchronous invocations (CDK's send grant: the queue's URL and attributes too).
        ...["SendMessage", "GetQueueAttributes", "GetQueueUrl"].map((a) => `sqs:${a} on ${queue("ReprocessFailures")}`),
        `sqs:SendMessage on ${queue("IngestQueue")}`,
        `lambda:InvokeFunction on arn:AWS::Partition:lambda:us-east-1:my-account:function:test-pagemend-reprocess`,
        ...logsOf("Reprocess"),
      ].sort(),
    );
    expect(resources[functionId("reprocess")]!.Properties.FunctionName).toBe("test-pagemend-reprocess");
  });

  it("replay reads raw, enqueues, and drains the dead-letter queue", () => {
    expect(grantsOf("replay")).toEqual(
      [
        `s3:ListBucket on ${raw()}`,
        `s3:GetObject on ${raw()}/*`,
        `sqs:SendMessage on ${queue("IngestQueue")}`,
        ...["ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes"].map((a) => `sqs:${a} on ${queue("IngestDeadLetterQueue")}`),
        ...logsOf("Replay"),
      ].sort(),
    );
  });

  it("the functions are configured from the stack's own resources", () => {
    const env = (handler: string) => (resources[functionId(handler)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env("clean")).toMatchObject({ PAGEMEND_RAW_BUCKET: { Ref: raw() }, PAGEMEND_CLEAN_BUCKET: { Ref: cleanB() }, PAGEMEND_CLEANED_QUEUE_URL: { Ref: queue("CleanedQueue") } });
    // The clean function's metrics carry the stage, so that stages in one account count apart.
    expect(env("clean")).toMatchObject({ PAGEMEND_STAGE: "test" });
    expect(env("reprocess")).toMatchObject({ PAGEMEND_INGEST_QUEUE_URL: { Ref: queue("IngestQueue") } });
    expect(env("replay")).toMatchObject({ PAGEMEND_DEAD_LETTER_QUEUE_URL: { Ref: queue("IngestDeadLetterQueue") } });
  });

  it("publishes the names a console or an operator needs", () => {
    const outputs = Object.keys(template.toJSON().Outputs ?? {});
    expect(outputs).toEqual(expect.arrayContaining(["RawBucket", "CleanBucket", "IngestQueueUrl", "DeadLetterQueueUrl", "CleanedQueueUrl", "ReplayFunction", "ReprocessFunction"]));
    // `pagemend console --stage NAME` reads exactly these.
    expect(outputs).toEqual(expect.arrayContaining(Object.keys(stageOutputs.shape)));
  });
});

describe("the bundles SST builds for Lambda", () => {
  it("are minified ES modules without source maps, and only clean carries the engine and iconv-lite", async () => {
    const { existsSync, readFileSync, statSync } = await import("node:fs");
    expect(Object.keys(bundles).sort()).toEqual(["clean", "replay", "reprocess"]);
    const engineText = "a jump marker alone on a line"; // one of R1's reasons
    const iconvTable = "big5hkscs"; // a codec name from iconv-lite's tables
    for (const [name, file] of Object.entries(bundles)) {
      expect(existsSync(`${file}.map`), `${name} ships no source map`).toBe(false);
      const code = readFileSync(file, "utf8");
      // Minified: few line breaks for its size.
      expect(code.split("\n").length, name).toBeLessThan(statSync(file).size / 1000);
      expect(code.includes(engineText), `${name} carries the engine`).toBe(name === "clean");
      expect(code.includes(iconvTable), `${name} carries iconv-lite`).toBe(name === "clean");
      // zod's classic API is 470 KB; the bundles validate with zod/mini.
      expect(code.includes("ZodMiniObject"), `${name} uses zod/mini`).toBe(true);
      expect(code.includes('"ZodObject"'), `${name} carries zod classic`).toBe(false);
    }
  });

  it("the clean bundle, loaded as Lambda loads it, cleans an S3 event against the emulator", async () => {
    const { pathToFileURL } = await import("node:url");
    const { clean } = await import("@pagemend/core");
    const { createBucket, startTestPipeline, readText } = await import("../../packages/pipeline/test/integration/harness.js");
    const { putObject, s3CreatedEventBody } = await import("@pagemend/pipeline");
    const { lambdaContext } = await import("@pagemend/pipeline/local");
    const bundle = bundles.clean;
    expect(bundle, "SST built functions/clean.mjs").toBeDefined();

    // The local pipeline provides the emulator, the clean bucket and the cleaned queue. Its bridge
    // watches another raw bucket and its poller another queue, so only the bundle cleans "raw".
    const { pipeline } = await startTestPipeline({ names: { ingestQueue: "unused-ingest", rawBucket: "bridged-raw" } });
    try {
      Object.assign(process.env, {
        AWS_REGION: "us-east-1",
        PAGEMEND_ENDPOINT_URL: pipeline.endpoint,
        PAGEMEND_RAW_BUCKET: "raw",
        PAGEMEND_CLEAN_BUCKET: "clean",
        PAGEMEND_CLEANED_QUEUE_URL: pipeline.resources.cleaned.url,
        POWERTOOLS_LOG_LEVEL: "SILENT",
      });
      const text = "（上接第一版）\n会议指出，要坚持稳中求进工作总基调，\n完整准确全面贯彻新发展理念。\n";
      await createBucket(pipeline, "raw");
      const eTag = (await putObject(pipeline.clients.s3, { bucket: "raw", key: "bundle/报道.txt", body: text })) ?? "";
      const written: string[] = [];
      vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
      const { handler } = (await import(pathToFileURL(bundle!).href)) as { handler: (e: unknown, c: unknown) => Promise<{ batchItemFailures: unknown[] }> };
      const body = s3CreatedEventBody({ bucket: "raw", key: "bundle/报道.txt", size: Buffer.byteLength(text), eTag, region: "us-east-1" });
      const response = await handler({ Records: [{ messageId: "m1", receiptHandle: "r1", body, attributes: { ApproximateReceiveCount: "1" }, messageAttributes: {}, md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:ingest", awsRegion: "us-east-1" }] }, lambdaContext("clean", 60_000));
      expect(response).toEqual({ batchItemFailures: [] });
      expect(await readText(pipeline.clients.s3, "clean", "bundle/报道.txt")).toBe(clean(text).text);
      expect(await readText(pipeline.clients.s3, "clean", "_reports/bundle/报道.txt.json"), "it wrote the report").toBeDefined();
      // Its counts went out as CloudWatch metrics (EMF on standard output): one document, R1's edit.
      const emf = written.flatMap((chunk) => chunk.split("\n")).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(emf).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ DocumentsCleaned: 1, service: "pagemend", stage: "local" }),
          expect.objectContaining({ Edits: clean(text).report.counts.R1, rule: "R1" }),
        ]),
      );
    } finally {
      vi.restoreAllMocks();
      await pipeline.stop();
    }
  }, 60_000);
});
