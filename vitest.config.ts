import { defineConfig } from "vitest/config";

// The course's own test suite (npm test). Graded lesson tests run through the grader.
export default defineConfig({
  test: {
    include: ["tests/course/**/*.test.ts"],
    pool: "forks",
    // Many course tests drive the real commands as processes (a grading run is
    // about a second, more while another suite shares the two cores): they wait
    // on work, never on timers.
    testTimeout: 60_000,
  },
});
