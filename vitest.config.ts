import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/summaryReporter.ts"],
    // CLI and corpus tests spawn node processes; give them room on a shared 2-core machine.
    testTimeout: 60_000,
  },
});
