import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ENGINE_VERSION } from "@pagemend/core";
import { createAwsClients } from "@pagemend/pipeline";
import { z } from "zod";
import type { ConsoleBackend } from "./backend.js";

/** SST v2 names a stack `<stage>-<app>-<stack>`. */
export const stackName = (stage: string): string => `${stage}-pagemend-Pipeline`;

/** The outputs of stacks/Pipeline.ts the console needs. */
export const stageOutputs = z.object({
  RawBucket: z.string().min(1),
  CleanBucket: z.string().min(1),
  IngestQueueUrl: z.url(),
  DeadLetterQueueUrl: z.url(),
  ReprocessFunction: z.string().min(1),
  ReplayFunction: z.string().min(1),
});
export type StageOutputs = z.infer<typeof stageOutputs>;

export class StageNotFoundError extends Error {
  override name = "StageNotFoundError";
}

/** Reads a deployed stack's outputs into the console's names; says which are missing. */
export function readStageOutputs(stage: string, outputs: readonly { OutputKey?: string; OutputValue?: string }[]): StageOutputs {
  const values = Object.fromEntries(outputs.filter((o) => o.OutputKey).map((o) => [o.OutputKey!, o.OutputValue]));
  const parsed = stageOutputs.safeParse(values);
  if (!parsed.success) {
    throw new StageNotFoundError(`stack ${stackName(stage)} lacks outputs the console needs: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")} (deploy this version of stacks/Pipeline.ts)`);
  }
  return parsed.data;
}

/**
 * The console over a deployed stage: names from the stack's outputs, credentials from the
 * usual chain, actions through the stage's replay and reprocess functions (so they run with
 * the deployed engine and its permissions, not this laptop's).
 */
export async function stageBackend(options: { stage: string; region?: string }): Promise<ConsoleBackend> {
  const cloudFormation = new CloudFormationClient(options.region ? { region: options.region } : {});
  const region = await cloudFormation.config.region();
  let described;
  try {
    described = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName(options.stage) }));
  } catch (error) {
    throw new StageNotFoundError(`cannot read stack ${stackName(options.stage)} in ${region}: ${(error as Error).message}`);
  }
  const outputs = readStageOutputs(options.stage, described.Stacks?.[0]?.Outputs ?? []);
  const clients = createAwsClients({ region });
  const lambda = new LambdaClient({ region });
  const invoke = async (functionName: string, payload: unknown, wait: boolean): Promise<unknown> => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: wait ? "RequestResponse" : "Event", Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
    );
    const text = result.Payload ? new TextDecoder().decode(result.Payload) : "";
    if (result.FunctionError) throw new Error(`${functionName} failed: ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as unknown) : { started: true };
  };
  return {
    label: `stage ${options.stage} (${region})`,
    ...clients,
    resources: { rawBucket: outputs.RawBucket, cleanBucket: outputs.CleanBucket, ingestQueueUrl: outputs.IngestQueueUrl, deadLetterQueueUrl: outputs.DeadLetterQueueUrl },
    engineVersion: ENGINE_VERSION,
    replay: (key, force) => invoke(outputs.ReplayFunction, { action: "replay", key, force }, true),
    redrive: () => invoke(outputs.ReplayFunction, { action: "redrive" }, true),
    // A sweep may outlast a request: it is started, and hands itself over as it goes.
    reprocess: (prefix, force) => invoke(outputs.ReprocessFunction, { prefix, force }, false),
  };
}
