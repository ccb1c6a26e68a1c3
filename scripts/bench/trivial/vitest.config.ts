import { defineConfig } from "vitest/config";

// Only the trivial test: the baseline the grader's speed is compared with.
export default defineConfig({ test: { include: ["scripts/bench/trivial/trivial.test.ts"] } });
