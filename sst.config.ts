import type { SSTConfig } from "sst";
import { Pipeline } from "./stacks/Pipeline.js";

export default {
  config() {
    return { name: "pagemend", region: "us-east-1" };
  },
  stacks(app) {
    // A new CDK project's default (cdk.json): buckets receive access logs through a bucket
    // policy, not the LogDeliveryWrite ACL that owner-enforced buckets refuse.
    app.node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      // X-Ray's write actions cannot be scoped to a resource: active tracing would grant them on "*".
      tracing: "disabled",
      // Minified, without source maps: a map in the zip is read only with --enable-source-maps,
      // which cost 80-220 ms of every cold import (npm run bench:lambda); SST keeps function
      // names (keepNames), so a stack trace still says where it failed.
      nodejs: { format: "esm", minify: true, sourcemap: false },
    });
    app.stack(Pipeline);
  },
} satisfies SSTConfig;
