// GitHub Classroom's autograding reporter reads each runner's results as base64
// JSON: { status, max_score, tests: [{ name, status, score, message }] }. One
// "test" per lesson, scored in proportion to the lesson's tests that pass, gives
// students partial credit and instructors points per lesson.
import type { GradeResults } from "../grader/results.js";

const POINTS_PER_LESSON = 10;

export interface ClassroomRunnerResult {
  version: 1;
  status: "pass" | "fail" | "error";
  max_score: number;
  tests: Array<{ name: string; status: "pass" | "fail" | "error"; score: number; message?: string }>;
}

export function classroomResult(results: GradeResults): ClassroomRunnerResult {
  return {
    version: 1,
    status: results.status,
    max_score: results.lessons.length * POINTS_PER_LESSON,
    tests: results.lessons.map((lesson) => ({
      name: `${lesson.id}: ${lesson.title} (${lesson.passed}/${lesson.total} tests)`,
      status: lesson.status,
      score: lesson.total === 0 ? 0 : Math.round((lesson.passed / lesson.total) * POINTS_PER_LESSON * 100) / 100,
      ...(lesson.message ? { message: lesson.message } : {}),
    })),
  };
}

export function encodeForReporter(result: ClassroomRunnerResult): string {
  return Buffer.from(JSON.stringify(result)).toString("base64");
}
