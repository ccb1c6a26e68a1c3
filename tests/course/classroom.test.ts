// The GitHub Classroom workflow is valid YAML wired the way the reporter expects,
// and the results JSON becomes points per lesson with partial credit.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { parseDocument } from "yaml";
import { COURSE_ROOT } from "../../scripts/course-paths.js";
import type { ClassroomRunnerResult } from "../../scripts/instructor/classroom-result.js";
import { runGrader, runScript } from "./support/run-grader.js";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

test("the workflow is valid YAML and hands the grader's results to the reporter", () => {
  const document = parseDocument(readFileSync(path.join(COURSE_ROOT, ".github/workflows/classroom.yml"), "utf8"));
  expect(document.errors).toEqual([]);
  const workflow = document.toJS() as { on: string[]; jobs: Record<string, { name: string; steps: Step[] }> };
  expect(workflow.on).toContain("push");
  const job = workflow.jobs["run-autograding-tests"]!;
  expect(job.name).toBe("Autograding Tests");
  const steps = job.steps;
  const uses = steps.flatMap((s) => (s.uses ? [s.uses] : []));
  expect(uses.every((u) => /@v\d+$/.test(u))).toBe(true);
  // Students grade on the current LTS (Node 20 reached end of life in April 2026).
  expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe("24");
  expect(steps.some((s) => s.run?.includes("npm ci"))).toBe(true);

  const grade = steps.find((s) => s.id === "course")!;
  expect(grade.run).toContain("npm run --silent grade -- --out grade-results.json");
  expect(grade.run).toContain('npm run --silent classroom-result -- grade-results.json >> "$GITHUB_OUTPUT"');
  const reporter = steps.find((s) => s.uses?.startsWith("classroom-resources/autograding-grading-reporter"))!;
  expect(reporter.with?.runners).toBe("course");
  expect(reporter.env?.COURSE_RESULTS).toBe("${{ steps.course.outputs.result }}");
  expect(steps.indexOf(reporter)).toBeGreaterThan(steps.indexOf(grade));
});

test("each lesson becomes a reporter test worth 10 points, in proportion to its tests that pass", async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "course-classroom-")), "results.json");
  await runGrader(["01", "02", "--out", out]);
  const run = await runScript("classroom-result", [out]);
  expect(run.code).toBe(0);
  const [, encoded] = /^result=(\S+)$/m.exec(run.stdout)!;
  const result = JSON.parse(Buffer.from(encoded!, "base64").toString("utf8")) as ClassroomRunnerResult;
  const graded = JSON.parse(readFileSync(out, "utf8")) as { lessons: Array<{ passed: number; total: number }> };
  expect(result).toMatchObject({ status: "fail", max_score: 20 });
  expect(result.tests.map((t) => t.score)).toEqual(graded.lessons.map((l) => Math.round((l.passed / l.total) * 1000) / 100));
  expect(result.tests[0]).toMatchObject({ name: expect.stringMatching(/^01-first-sampling-call: .+ \(1\/7 tests\)$/), status: "fail" });
  expect(result.tests[0]!.message).toContain("summarize sent no sampling request");
});
