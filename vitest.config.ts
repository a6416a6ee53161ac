import { defineConfig } from "vitest/config";

// TZ is pinned for every test process (STYLE.md P3); DST cases set their own zone explicitly.
process.env.TZ = "UTC";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
