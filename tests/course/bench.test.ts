// The benchmark must keep working; its numbers are read by people, not asserted
// here (timed tests would be flaky on a shared machine).
import { expect, test } from "vitest";
import { runScript } from "./support/run-grader.js";

// Even --quick grades the course several times and runs class-report twice: minutes on a busy machine.
test("npm run bench -- --quick measures everything and prints the ratio table", { timeout: 300_000 }, async () => {
  const run = await runScript("bench", ["--quick"]);
  expect(run.code, run.stderr).toBe(0);
  for (const row of [
    "vitest, one trivial test (baseline)",
    "npm run grade, one lesson (01)",
    "npm run grade, every lesson",
    "watch: save → new report",
    "one tool call with a sampling round trip, in memory (unsealed)",
    "the same call through a lesson host (sealed)",
    "starting a lesson host: bundle, spawn, import",
    "a test over stdio, one server process per test",
    "class-report, 2 copies, 1 job",
  ]) {
    expect(run.stdout).toMatch(new RegExp(`\\| ${row.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^|]* \\| \\d+(\\.\\d+)? ms \\| \\d+\\.\\d\\d \\|`));
  }
});
