// Runs inside each vitest worker, before every graded test file. Lessons share
// workers (for speed), so whatever one lesson's tests faked must not leak into
// the next lesson graded in the same process.
import { afterAll, vi } from "vitest";

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
