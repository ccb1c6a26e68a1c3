// check-course keeps the course healthy: it passes on the course as it is, and
// it catches each kind of breakage in a deliberately broken copy.
import { readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { copyOfLessons, runScript } from "./support/run-grader.js";

test("every lesson of the course is healthy", async () => {
  const run = await runScript("check-course", []);
  expect(run.stdout).toMatch(/(\d+) of \1 lessons healthy/);
  expect(run.code).toBe(0);
});

test("a deliberately broken copy fails with a reason for each breakage", async () => {
  const ids = ["01-first-sampling-call", "02-analyze-code"];
  const lessons = copyOfLessons(LESSONS_DIR, ids);
  const solutions = copyOfLessons(SOLUTIONS_DIR, ids);
  // 01: the starter is replaced by the answer; its README snippet stops type-checking.
  cpSync(path.join(SOLUTIONS_DIR, ids[0]!, "server.ts"), path.join(lessons, ids[0]!, "server.ts"));
  const readme = path.join(lessons, ids[0]!, "README.md");
  writeFileSync(readme, readFileSync(readme, "utf8").replace("maxTokens: 500,", 'maxTokens: "500",'));
  // 01: a test hint keyed by a test that does not exist (renamed since).
  const meta01 = path.join(lessons, ids[0]!, "lesson.json");
  writeFileSync(meta01, JSON.stringify({ ...JSON.parse(readFileSync(meta01, "utf8")), testHints: { "sends a sampling request": "renamed" } }));
  // 02: no README, one hint, and a solution whose tool has the wrong name.
  rmSync(path.join(lessons, ids[1]!, "README.md"));
  const meta = path.join(lessons, ids[1]!, "lesson.json");
  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, "utf8")), hints: ["only one"] }));
  const solution = path.join(solutions, ids[1]!, "server.ts");
  writeFileSync(solution, readFileSync(solution, "utf8").replace('"analyze_code"', '"analyze"'));

  const run = await runScript("check-course", ["--lessons", lessons, "--solutions", solutions]);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("0 of 2 lessons healthy");
  expect(run.stdout).toContain("the starter server.ts has no TODO for the student");
  expect(run.stdout).toContain("the starter passes every test: the exercise is already solved");
  expect(run.stdout).toMatch(/does not type-check: 01-first-sampling-call\/README\.md snippet 1 \(README line \d+\):\d+ TS\d+/);
  expect(run.stdout).toContain("lesson.json is incomplete: hints (at least 2)");
  expect(run.stdout).toContain('lesson.json has a test hint for "sends a sampling request", which is not a test of tests/lessons/01-first-sampling-call.test.ts');

  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, "utf8")), hints: ["one", "two"] }));
  const again = await runScript("check-course", ["--lessons", lessons, "--solutions", solutions]);
  expect(again.stdout).toContain("README.md is missing or has no title");
  expect(again.stdout).toContain("the solution registers analyze(code_snippet), but lesson.json says analyze_code(code_snippet)");
  expect(again.stdout).toMatch(/the solution scores 0\/\d+/);
});
