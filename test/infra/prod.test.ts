import { beforeAll, describe, expect, it } from "vitest";
import { PIPELINE_SETTINGS } from "@pagemend/pipeline";
import { describeResource, logicalId, synthesize, type Synthesized } from "./synthesize.js";

// The prod stage keeps what other stages may throw away, and records who touched its buckets.
let resources: Synthesized["resources"];

beforeAll(async () => {
  ({ resources } = await synthesize("prod"));
}, 120_000);

const bucket = (prefix: string) => {
  const id = logicalId(resources, prefix, "AWS::S3::Bucket");
  return { id, ...resources[id]! };
};

describe("the prod stage", () => {
  it("logs every request to the raw and clean buckets in an access-log bucket, each under its own prefix", () => {
    const logBucket = bucket("AccessLogBucket");
    for (const [name, prefix] of [["RawBucket", "raw/"], ["CleanBucket", "clean/"]] as const) {
      expect(bucket(name).Properties.LoggingConfiguration, name).toEqual({ DestinationBucketName: { Ref: logBucket.id }, LogFilePrefix: prefix });
    }
  });

  it("the access-log bucket is private, encrypted with S3-managed keys (log delivery refuses KMS), and expires its logs", () => {
    const logBucket = bucket("AccessLogBucket");
    expect(logBucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(logBucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] });
    expect(logBucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect(logBucket.Properties.LoggingConfiguration, "no logs of the logs").toBeUndefined();
    expect((logBucket.Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: PIPELINE_SETTINGS.accessLogDays, Status: "Enabled" }),
    ]);
  });

  it("only S3's log delivery may write there, and only for this stage's two buckets in this account", () => {
    const logBucket = bucket("AccessLogBucket");
    const policy = Object.values(resources).find((r) => r.Type === "AWS::S3::BucketPolicy" && describeResource(r.Properties.Bucket) === logBucket.id);
    const statements = (policy!.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement.filter((s) => s.Effect === "Allow");
    expect(statements.length).toBe(2);
    for (const statement of statements) {
      expect(statement.Principal).toEqual({ Service: "logging.s3.amazonaws.com" });
      expect(statement.Action).toBe("s3:PutObject");
      expect(describeResource(statement.Resource)).toMatch(/^AccessLogBucket[0-9A-F]{8}\/(raw|clean)\/\*$/);
    }
    const sources = statements.map((s) => describeResource((s.Condition as { ArnLike: Record<string, unknown> }).ArnLike["aws:SourceArn"])).sort();
    expect(sources).toEqual([bucket("CleanBucket").id, bucket("RawBucket").id]);
  });

  it("keeps its buckets and log groups when the stack is deleted", () => {
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === "AWS::S3::Bucket" || r.Type === "AWS::Logs::LogGroup") expect(r.DeletionPolicy, id).toBe("Retain");
    }
  });
});
