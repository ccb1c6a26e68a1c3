import { defineConfig } from "vitest/config";

// The course's own test suite (npm test). Graded lesson tests run through the grader.
export default defineConfig({
  test: {
    include: ["tests/course/**/*.test.ts"],
    pool: "forks",
  },
});
