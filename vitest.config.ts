import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/summaryReporter.ts"],
    // CLI and corpus tests spawn node processes; give them room on a shared 2-core machine.
    testTimeout: 60_000,
    env: {
      SST_TELEMETRY_DISABLED: "1",
      // Node 20 runs here; the SDK's notice that its 2027 releases need Node 22 is not a test result.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  },
});
