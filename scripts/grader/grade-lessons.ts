// Grades some lessons of one copy of the course: the API behind `npm run grade`,
// watch mode and the class report.
import path from "node:path";
import { displayPath } from "../../tests/kit/lesson-under-test.js";
import type { Lesson } from "./catalog.js";
import { gradeResults, lessonResult, type GradeResults } from "./results.js";
import { runLessonTests } from "./run-lesson-tests.js";

export const DEFAULT_TIME_LIMIT_MS = 10_000;

export interface GradeOptions {
  lessons: Lesson[];
  /** The folder holding the lesson folders to grade. */
  lessonsDir: string;
  timeLimitMs?: number;
  workers?: number;
}

export async function gradeLessons(options: GradeOptions): Promise<GradeResults> {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const runs = await runLessonTests({
    lessonIds: options.lessons.map((l) => l.id),
    lessonsDir: options.lessonsDir,
    timeLimitMs,
    ...(options.workers ? { workers: options.workers } : {}),
  });
  return gradeResults(
    options.lessons.map((lesson) =>
      lessonResult(runs.get(lesson.id)!, { lesson, file: mainFileOf(options.lessonsDir, lesson) }),
    ),
  );
}

export function mainFileOf(lessonsDir: string, lesson: Lesson): string {
  return displayPath(path.join(lessonsDir, lesson.id, lesson.files[0] ?? ""));
}
