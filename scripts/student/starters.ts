// Pristine copies of the starters, for `npm run reset`. A student edits lessons/
// in place and may commit their work, so neither lessons/ nor git history can be
// trusted to hold the original; .starters/ can. check-course keeps it in step
// with lessons/ in the course's own repository.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { COURSE_ROOT } from "../course-paths.js";
import type { Lesson } from "../grader/catalog.js";

export const STARTERS_DIR = path.join(COURSE_ROOT, ".starters");

export const starterPath = (lesson: Lesson, file: string): string => path.join(STARTERS_DIR, lesson.id, file);

/** Copies each of the lesson's files from `from(file)` to `to(file)`, creating folders as needed. */
export function copyLessonFiles(lesson: Lesson, from: (file: string) => string, to: (file: string) => string): string[] {
  return lesson.files.map((file) => {
    mkdirSync(path.dirname(to(file)), { recursive: true });
    if (existsSync(from(file))) copyFileSync(from(file), to(file));
    return to(file);
  });
}
