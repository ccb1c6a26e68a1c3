// Where the course's parts live, for every script and the test kit.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const COURSE_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const LESSONS_DIR = path.join(COURSE_ROOT, "lessons");
export const SOLUTIONS_DIR = path.join(COURSE_ROOT, "solutions");
export const LESSON_TESTS_DIR = path.join(COURSE_ROOT, "tests", "lessons");
/** Per-student state (hint progress, reset backups), never inside lessons/. */
export const STATE_DIR = path.join(COURSE_ROOT, ".course");

/** The path to show a student: relative to the folder they run commands in, when inside it. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}
