// Turns raw test runs into the results JSON of the contract (Exercism test-runner
// v3 shape, with lessons and scores), deciding pass / fail / error per lesson.
import { stripVTControlCharacters } from "node:util";
import { undoubled } from "../../tests/kit/sdk-errors.js";
import type { Lesson } from "./catalog.js";
import type { RawLessonRun, RawTest } from "./run-lesson-tests.js";

export type Status = "pass" | "fail" | "error";

export interface TestResult {
  name: string;
  status: Status;
  message?: string;
  /** What the lesson's code printed during the test (Exercism's field), at most OUTPUT_LIMIT characters. */
  output?: string;
  /** A failing test's MCP exchange, one compact line per message. */
  trace?: string[];
}

/** Exercism's test runners cap a test's output at 500 characters; so does this grader. */
const OUTPUT_LIMIT = 500;

export interface LessonResult {
  id: string;
  title: string;
  status: Status;
  passed: number;
  total: number;
  message?: string;
  tests: TestResult[];
  /** Type errors in the lesson's files ("file:line TS…: …"): shown, never graded. */
  warnings?: string[];
}

export interface GradeResults {
  version: 3;
  status: Status;
  /** Tests passed across the graded lessons. */
  score: number;
  max_score: number;
  /** The score that completes every graded lesson. */
  target: number;
  lessons: LessonResult[];
}

export interface LessonContext {
  lesson: Lesson;
  /** The lesson's main file as the student should see it. */
  file: string;
}

// Errors the test kit throws when the lesson's code could not be run at all.
const ERROR_KINDS = new Set(["LessonLoadError", "LessonHangError", "LessonCrashError"]);

export function lessonResult(run: RawLessonRun, { lesson, file }: LessonContext): LessonResult {
  const tests = run.tests.map(testResult);
  const passed = tests.filter((t) => t.status === "pass").length;
  const base = { id: lesson.id, title: lesson.title, passed, total: tests.length, tests };
  const error = errorMessage(run, file) ?? tests.find((t) => t.status === "error")?.message;
  if (error !== undefined) return { ...base, status: "error", message: error };
  if (tests.length > 0 && passed === tests.length) return { ...base, status: "pass" };
  return { ...base, status: "fail", message: tests.find((t) => t.status === "fail")?.message };
}

function testResult(test: RawTest): TestResult {
  const [error] = test.errors;
  const output = capped(cleanMessage(test.output));
  const printed = output ? { output } : {};
  if (test.state === "passed") return { name: test.name, status: "pass", ...printed };
  if (test.state !== "failed") return { name: test.name, status: "error", message: "not run: the lesson was stopped first" };
  return {
    name: test.name,
    status: error && ERROR_KINDS.has(error.name) ? "error" : "fail",
    message: error ? cleanMessage(error.message) : "failed without a message",
    ...printed,
    ...(test.trace && { trace: test.trace }),
  };
}

function capped(text: string): string {
  return text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT - 1)}…` : text;
}

function errorMessage(run: RawLessonRun, file: string): string | undefined {
  if (run.crashed) return `the test process died while running ${file} (does the code kill or abort the process?)`;
  if (run.fileErrors.length > 0) return `the lesson's tests could not run: ${cleanMessage(run.fileErrors[0]!.message)}`;
  if (run.tests.length === 0) return "the lesson's tests could not be collected";
  return undefined;
}

/** Every message and output a student sees: no terminal codes, no doubled "MCP error -32602: " prefixes. */
function cleanMessage(message: string): string {
  return undoubled(stripVTControlCharacters(message)).trimEnd();
}

export function gradeResults(lessons: LessonResult[]): GradeResults {
  const score = lessons.reduce((sum, l) => sum + l.passed, 0);
  const max = lessons.reduce((sum, l) => sum + l.total, 0);
  const status: Status = lessons.every((l) => l.status === "pass")
    ? "pass"
    : lessons.some((l) => l.status === "error")
      ? "error"
      : "fail";
  return { version: 3, status, score, max_score: max, target: max, lessons };
}
