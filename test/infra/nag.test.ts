import { AwsSolutionsChecks, ServerlessChecks, type INagLogger, type NagLoggerNonComplianceData, type NagLoggerSuppressedData } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { synthesize } from "./synthesize.js";

/** What cdk-nag found, as `rule on construct path` lines. */
class FindingsCollector implements INagLogger {
  readonly open: string[] = [];
  readonly accepted: Array<{ finding: string; reason: string }> = [];
  readonly unevaluated: string[] = [];
  private static describe(data: NagLoggerNonComplianceData): string {
    const finding = data.findingId ? `[${data.findingId}]` : "";
    return `${data.ruleId}${finding} on ${data.resource.node.path.replace(/^[^/]+\//, "")}`;
  }
  onCompliance(): void {}
  onNotApplicable(): void {}
  onNonCompliance(data: NagLoggerNonComplianceData): void {
    this.open.push(`${data.ruleLevel} ${FindingsCollector.describe(data)}`);
  }
  onSuppressed(data: NagLoggerSuppressedData): void {
    this.accepted.push({ finding: FindingsCollector.describe(data), reason: data.suppressionReason });
  }
  onError(data: { ruleId: string; resource: { node: { path: string } }; errorMessage: string }): void {
    this.unevaluated.push(`${data.ruleId} on ${data.resource.node.path}: ${data.errorMessage}`);
  }
  onSuppressedError(data: { ruleId: string; resource: { node: { path: string } } }): void {
    this.unevaluated.push(`${data.ruleId} on ${data.resource.node.path} (suppressed)`);
  }
}

async function nagFindings(stage: string): Promise<FindingsCollector> {
  const collector = new FindingsCollector();
  const options = { reports: false, additionalLoggers: [collector] };
  await synthesize(stage, [new AwsSolutionsChecks(options), new ServerlessChecks(options)]);
  return collector;
}

// Every stage a person deploys: a finding is fixed or accepted, with its reason, in stacks/acceptedFindings.ts.
describe.each(["test", "prod"])("cdk-nag (AwsSolutions, Serverless) on the %s stage", (stage) => {
  let findings: FindingsCollector;

  it("reports no finding that is not accepted, and every rule could be evaluated", async () => {
    findings = await nagFindings(stage);
    expect(findings.open).toEqual([]);
    expect(findings.unevaluated).toEqual([]);
    if (process.env.PAGEMEND_NAG_REPORT) {
      for (const { finding, reason } of findings.accepted) console.log(`${finding}\n    ${reason}`);
    }
  }, 120_000);

  it("each accepted finding says why, in a sentence", () => {
    expect(findings.accepted.length).toBeGreaterThan(0);
    for (const { finding, reason } of findings.accepted) expect(reason.split(" ").length, finding).toBeGreaterThanOrEqual(8);
  });

  it("accepts missing access logs only where the stage does not log access", () => {
    const accessLogFindings = findings.accepted.filter(({ finding }) => finding.startsWith("AwsSolutions-S1"));
    if (stage === "prod") expect(accessLogFindings).toEqual([]);
    else expect(accessLogFindings.map(({ finding }) => finding).sort()).toEqual(["AwsSolutions-S1 on CleanBucket/Resource", "AwsSolutions-S1 on RawBucket/Resource"]);
  });
});
