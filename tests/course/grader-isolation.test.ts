// Sealed grading: whatever the code being graded does, from crashing by accident
// to attacking the grader on purpose, the grader reports that lesson honestly
// (never `pass`), grades the next lesson as its own code deserves, changes no
// file outside its own working folders, leaves nothing running, and finishes
// within its time limits with valid results JSON. Each fixture is lesson 01's
// server.ts in an otherwise correct submission; short limits keep the waits short.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { COURSE_ROOT, LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { fingerprint, gradeJson, solutionsWith } from "./support/run-grader.js";

const FIXTURES = path.join(COURSE_ROOT, "tests", "fixtures");
const ATTACKED = "01-first-sampling-call";
const LIMIT_S = 3;
const LIMITS = ["--time-limit", String(LIMIT_S)];
/** Only the hangs get a short call timeout: every other case must be judged on what its code did, even on a busy machine. */
const HANG = { COURSE_CALL_TIMEOUT_MS: "300" };

interface Expectation {
  /** Both are honest where the cause can end either way (a flood slow enough to outlive its call on a busy machine). */
  status: "error" | "fail" | "not pass";
  message?: RegExp;
  env?: Record<string, string>;
}

const CASES: Array<[string, string, Expectation]> = [
  ["compile error", "broken-lessons/compile-error.ts", { status: "error", message: /server\.ts does not compile:[\s\S]*server\.ts:\d+:\d+/ }],
  ["throw at import", "broken-lessons/throws-at-import.ts", { status: "error", message: /server\.ts throws while being imported: API key missing/ }],
  ["sync loop in a tool", "broken-lessons/sync-infinite-loop.ts", { status: "error", env: HANG, message: /summarize never answered \(waited 300 ms in the test "[^"]+"\)\. The lesson's process was busy the whole time: look in .*server\.ts for a loop that never ends/ }],
  ["sync loop at import", "hostile/sync-loop-at-import.ts", { status: "error", message: /server\.ts was still running after 3 s, so the grader stopped it\..* The test running then: "[^"]+"\./ }],
  ["never-settling promise", "broken-lessons/never-settles.ts", { status: "error", env: HANG, message: /summarize never answered \(waited 300 ms in the test "[^"]+"\)\. Look in .*server\.ts for a promise that never settles/ }],
  ["process.exit", "broken-lessons/process-exit.ts", { status: "error", message: /server\.ts called process\.exit\(1\)/ }],
  ["microtask loop", "hostile/microtask-loop.ts", { status: "error", env: HANG, message: /busy the whole time/ }],
  ["queueMicrotask loop", "hostile/queue-microtask-loop.ts", { status: "error", env: HANG, message: /busy the whole time/ }],
  // On a very busy machine the lesson's time limit may come before the heap's.
  ["heap bomb", "hostile/heap-bomb.ts", { status: "error", message: /server\.ts ran out of memory|server\.ts was still running after 3 s/ }],
  // Without the memory cap, 4 GiB would be handed out on this machine. The refusal's words
  // are Node's: "Array buffer allocation failed" on Node 20, "Failed to allocate memory" on 24.
  ["4 GiB of Buffers", "hostile/buffer-bomb.ts", { status: "fail", message: /Array buffer allocation failed|Failed to allocate memory/ }],
  ["100 MB and forged results on stdout", "hostile/stdout-flood.ts", { status: "not pass" }],
  ["a detached child process", "hostile/detached-child.ts", { status: "fail" }],
  ["killing its parent", "hostile/kills-parent.ts", { status: "fail" }],
  ["importing the reference solution at run time", "hostile/imports-solution.ts", { status: "fail" }],
  ["patching Object.prototype and the SDK", "hostile/patches-globals.ts", { status: "fail" }],
  ["reaching for the test runner", "hostile/reaches-test-runner.ts", { status: "fail" }],
  ["writing outside its folder", "hostile/writes-outside.ts", { status: "fail" }],
];

/** Files that must never change, whatever a submission does. */
function courseFingerprint(): string[] {
  return [...fingerprint(SOLUTIONS_DIR), ...fingerprint(LESSONS_DIR)];
}

async function gradeAttack(dir: string, expectation: Expectation) {
  const course = courseFingerprint();
  const submission = fingerprint(dir);
  const started = performance.now();
  const results = await gradeJson(["01", "02", "--dir", dir, ...LIMITS], expectation.env ?? {});
  const tookMs = performance.now() - started;

  const [attacked, honest] = results.lessons;
  expect(attacked!.id).toBe(ATTACKED);
  if (expectation.status === "not pass") expect(attacked!.status).not.toBe("pass");
  else expect(attacked!.status).toBe(expectation.status);
  if (expectation.message) expect(attacked!.message).toMatch(expectation.message);
  expect(honest).toMatchObject({ id: "02-analyze-code", status: "pass" });
  expect(results.code).toBe(1);
  // Two lessons within their limits, plus the grader's own start (as class-report's deadline counts it).
  expect(tookMs).toBeLessThan(2 * LIMIT_S * 1000 + 30_000);
  expect(fingerprint(dir)).toEqual(submission);
  expect(courseFingerprint()).toEqual(course);
  return results;
}

/** A correct submission whose lesson 01 is `fixture`, aimed at this course's real path. */
function submissionWith(fixture: string): string {
  const dir = solutionsWith({});
  const source = readFileSync(path.join(FIXTURES, fixture), "utf8").replaceAll("__COURSE_ROOT__", COURSE_ROOT.replace(/\/$/, ""));
  writeFileSync(path.join(dir, ATTACKED, "server.ts"), source);
  return dir;
}

test.each(CASES)("%s: graded honestly, and nothing else is touched", async (_name, fixture, expectation) => {
  const dir = submissionWith(fixture);
  const results = await gradeAttack(dir, expectation);
  expect(results.status).not.toBe("pass");
  rmSync(dir, { recursive: true, force: true });
});

test("what a lesson prints is bounded and never reaches the results JSON's stdout", async () => {
  const dir = submissionWith("hostile/stdout-flood.ts");
  const results = await gradeAttack(dir, { status: "not pass" });
  const printed = results.lessons[0]!.tests.map((t) => t.output ?? "").join("");
  expect(printed.length).toBeGreaterThan(0);
  expect(printed.length).toBeLessThan(20_000);
  expect(results.score).toBeLessThan(999);
});

test("a detached child process is never started", async () => {
  const dir = submissionWith("hostile/detached-child.ts");
  await gradeAttack(dir, { status: "fail" });
  expect(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })).not.toContain("sleep 4242.17");
});

test("a lesson cannot import a file outside its folder: the reference solution, by path or by symlink", async () => {
  const solution = path.join(SOLUTIONS_DIR, ATTACKED, "server.ts");
  const byPath = solutionsWith({});
  writeFileSync(path.join(byPath, ATTACKED, "server.ts"), `export * from ${JSON.stringify(solution)};\n`);
  await gradeAttack(byPath, { status: "error", message: /outside its lesson folder/ });

  const byFileLink = solutionsWith({});
  rmSync(path.join(byFileLink, ATTACKED, "server.ts"));
  symlinkSync(solution, path.join(byFileLink, ATTACKED, "server.ts"));
  await gradeAttack(byFileLink, { status: "error", message: /symbolic link/ });

  const byHelperLink = solutionsWith({});
  symlinkSync(solution, path.join(byHelperLink, ATTACKED, "helper.ts"));
  writeFileSync(path.join(byHelperLink, ATTACKED, "server.ts"), 'export * from "./helper.js";\n');
  await gradeAttack(byHelperLink, { status: "error", message: /outside its lesson folder/ });

  const byFolderLink = mkdtempSync(path.join(tmpdir(), "course-submission-"));
  execFileSync("cp", ["-r", path.join(SOLUTIONS_DIR, "02-analyze-code"), byFolderLink]);
  symlinkSync(path.join(SOLUTIONS_DIR, ATTACKED), path.join(byFolderLink, ATTACKED));
  await gradeAttack(byFolderLink, { status: "error", message: /outside the graded folder/ });
});
