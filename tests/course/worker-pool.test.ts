// The grader forks its vitest workers before it loads vitest, on a guess of the
// options vitest will ask for (scripts/grader/worker-pool.ts). A wrong guess is
// never wrong grading, only lost time: every worker forked ahead is thrown away.
// This test catches the guess going stale, e.g. after an upgrade of vitest or vite.
import { expect, test } from "vitest";
import { SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { runLessonTests } from "../../scripts/grader/run-lesson-tests.js";
import { forkedAhead } from "../../scripts/grader/worker-pool.js";

test("a grading runs in the workers it forked before loading vitest", async () => {
  const before = { ...forkedAhead };
  const runs = await runLessonTests({ lessonIds: ["08-when-to-sample"], lessonsDir: SOLUTIONS_DIR, timeLimitMs: 10_000, workers: 1 });
  expect(runs.get("08-when-to-sample")?.tests.every((t) => t.state === "passed")).toBe(true);
  expect(forkedAhead.forked - before.forked).toBe(1);
  expect(forkedAhead.adopted - before.adopted).toBe(1);
});
