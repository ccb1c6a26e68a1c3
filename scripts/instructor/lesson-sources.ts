// The text of a lesson's files as a submission, the reference solution and the
// starter have them: what the report's diffs and the similarity check compare.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { COURSE_ROOT, LESSONS_DIR, SOLUTIONS_DIR } from "../course-paths.js";
import { lessonsFolderIn, type Lesson } from "../grader/catalog.js";

/** File name (as lesson.json lists it) → its text; a file the copy lacks is left out. */
export type LessonSources = Record<string, string>;

const STARTERS_DIR = path.join(COURSE_ROOT, ".starters");

/** Past this a "lesson file" is not one a student wrote; the report shows it as missing. */
const MAX_FILE_BYTES = 256 * 1024;

/** A submission's files for the lesson; `dir` is a copy of lessons/ or of the whole course. */
export function submissionSources(dir: string, lesson: Lesson): LessonSources {
  return readFiles(path.join(lessonsFolderIn(dir), lesson.id), lesson, dir);
}

export function referenceSources(lesson: Lesson): LessonSources {
  return readFiles(path.join(SOLUTIONS_DIR, lesson.id), lesson);
}

/** The starter as students received it: .starters/ keeps it pristine, lessons/ is the fallback. */
export function starterSources(lesson: Lesson): LessonSources {
  const pristine = path.join(STARTERS_DIR, lesson.id);
  return readFiles(existsSync(pristine) ? pristine : path.join(LESSONS_DIR, lesson.id), lesson);
}

/** Reads only regular files that really lie inside `root`: a submitted symlink could point at any of the instructor's files. */
function readFiles(folder: string, lesson: Lesson, root = folder): LessonSources {
  const sources: LessonSources = {};
  for (const file of lesson.files) {
    const full = path.join(folder, file);
    if (!existsSync(full)) continue;
    const real = realpathSync(full);
    if (path.relative(realpathSync(root), real).startsWith("..")) continue;
    const stat = statSync(real);
    if (stat.isFile() && stat.size <= MAX_FILE_BYTES) sources[file] = readFileSync(real, "utf8");
  }
  return sources;
}
