// Watch mode as a student uses it: save a file, see that lesson graded again,
// with file-system events and with the polling fallback.
import { cpSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { solutionsWith, startGrader, type LiveGrader } from "./support/run-grader.js";

const LESSON = "01-first-sampling-call";
let grader: LiveGrader | undefined;

afterEach(() => grader?.stop());

test.each([[[] as string[]], [["--poll"]]])("re-grades the saved lesson and moves on (%j)", async (extra) => {
  const dir = solutionsWith({ [`${LESSON}/server.ts`]: path.join(LESSONS_DIR, LESSON, "server.ts") });
  grader = startGrader(["--dir", dir, "--watch", "01", "02", ...extra]);
  await grader.waitFor(/Watching/);
  expect(grader.output()).toMatch(/✘ 01 .* 1\/7/);

  cpSync(path.join(SOLUTIONS_DIR, LESSON, "server.ts"), path.join(dir, LESSON, "server.ts"));
  await grader.waitFor(/Watching/, 2);
  const afterSave = grader.output().split("Watching")[1]!;
  expect(afterSave).toMatch(/✔ 01 .* 7\/7/);
  expect(afterSave).not.toContain("02  Analyze");
  expect(afterSave).toContain("Every graded lesson passes.");
});
