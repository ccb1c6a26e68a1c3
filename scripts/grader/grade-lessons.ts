// Grades some lessons of one copy of the course: the API behind `npm run grade`,
// watch mode and the class report.
import path from "node:path";
import { displayPath } from "../course-paths.js";
import type { Lesson } from "./catalog.js";
import { gradeResults, lessonResult, type GradeResults } from "./results.js";
import { runLessonTests } from "./run-lesson-tests.js";
import { typeWarnings } from "./type-warnings.js";

export const DEFAULT_TIME_LIMIT_MS = 10_000;

export interface GradeOptions {
  lessons: Lesson[];
  /** The folder holding the lesson folders to grade. */
  lessonsDir: string;
  timeLimitMs?: number;
  workers?: number;
  /** Type-check the graded lessons' files while the tests run, and attach the errors as warnings. */
  typeWarnings?: boolean;
}

export async function gradeLessons(options: GradeOptions): Promise<GradeResults> {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  // tsc runs in a process of its own, beside vitest's workers: it costs wall time only when cores are short.
  const [runs, warnings] = await Promise.all([
    runLessonTests({
      lessonIds: options.lessons.map((l) => l.id),
      lessonsDir: options.lessonsDir,
      timeLimitMs,
      ...(options.workers ? { workers: options.workers } : {}),
    }),
    // Warnings are extra help: a compiler that cannot run must not stop the grading.
    options.typeWarnings ? typeWarnings(options.lessons, options.lessonsDir).catch(() => new Map<string, string[]>()) : new Map<string, string[]>(),
  ]);
  return gradeResults(
    options.lessons.map((lesson) => {
      const result = lessonResult(runs.get(lesson.id)!, { lesson, file: mainFileOf(options.lessonsDir, lesson) });
      const found = warnings.get(lesson.id);
      return found ? { ...result, warnings: found } : result;
    }),
  );
}

export function mainFileOf(lessonsDir: string, lesson: Lesson): string {
  return displayPath(path.join(lessonsDir, lesson.id, lesson.files[0] ?? ""));
}
