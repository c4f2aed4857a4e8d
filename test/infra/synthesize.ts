import { Aspects, type IAspect, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { App, Function as SstFunction, getStack } from "sst/constructs";
import { expect } from "vitest";
import { initProject } from "sst/project.js";
import config from "../../sst.config.js";
import { Pipeline } from "../../stacks/Pipeline.js";

export interface Synthesized {
  stack: Stack;
  template: Template;
  /** The bundle SST built for each function of this synthesis, by handler name (`clean`). */
  bundles: Record<string, string>;
  resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string }>;
}

/**
 * The real sst.config.ts synthesized offline for one stage, SST's documented test method: no
 * AWS account. Aspects (cdk-nag's checks) are added before synthesis so that they visit every
 * construct. One stage per test file: SST's project is process-wide state.
 */
export async function synthesize(stage: string, aspects: IAspect[] = []): Promise<Synthesized> {
  process.env.SST_TELEMETRY_DISABLED = "1";
  await initProject({ stage });
  const app = new App({ mode: "deploy", stage, name: "pagemend", region: "us-east-1" });
  await config.stacks(app);
  await app.finish();
  const stack = getStack(Pipeline);
  for (const aspect of aspects) Aspects.of(app).add(aspect);
  const template = Template.fromStack(stack);
  // Synthesize once: SST's unique-id check fails a second pass (Annotations.fromStack would make one).
  // SST builds each function into .sst/artifacts/<construct address>/.
  const bundles: Record<string, string> = {};
  for (const fn of app.node.findAll().filter((c): c is SstFunction => c instanceof SstFunction)) {
    const name = String((fn.node.defaultChild as CfnFunction).handler).replace(/^functions\//, "").replace(/\.handler$/, "");
    const file = join(process.cwd(), ".sst/artifacts", fn.node.addr, `functions/${name}.mjs`);
    if (existsSync(file)) bundles[name] = file;
  }
  return { stack, template, bundles, resources: template.toJSON().Resources };
}

/** A resource expression as `LogicalId` or `LogicalId/suffix`, or the literal string. */
export function describeResource(resource: unknown): string {
  const r = resource as Record<string, unknown>;
  if (typeof resource === "string") return resource;
  if (r["Fn::GetAtt"]) return (r["Fn::GetAtt"] as string[])[0]!;
  if (r["Ref"]) return r["Ref"] as string;
  if (r["Fn::Join"]) return ((r["Fn::Join"] as [string, unknown[]])[1]).map(describeResource).join("");
  return JSON.stringify(resource);
}

/** The logical id of the one resource of `type` whose id starts with `prefix` (the test fails on none or several). */
export function logicalId(resources: Synthesized["resources"], prefix: string, type: string): string {
  const found = Object.entries(resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  expect(found, `one ${type} named ${prefix}*`).toHaveLength(1);
  return found[0]![0];
}
