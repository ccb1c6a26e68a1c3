// Commands that act on one lesson: `npm run hint -- 01`, `reset`, `compare`, ...
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { LESSONS_DIR } from "../course-paths.js";
import { lessonsFolderIn, loadCatalog, selectLessons, UnknownLessonError, type Lesson } from "../grader/catalog.js";
import { parseCommandLine, UsageError } from "./usage.js";

/** Parses `<lesson> [options]`: exactly one lesson, named as the grader accepts it. */
export function parseLessonCommand<const O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  const { values, positionals } = parseCommandLine(options, argv);
  if (positionals.length !== 1) throw new UsageError("name one lesson, e.g. 01");
  return { lesson: lessonsNamed(positionals)[0]!, values };
}

/** The lessons named on a command line (all of them when none is), or a usage error. */
export function lessonsNamed(selectors: string[], catalog: Lesson[] = loadCatalog()): Lesson[] {
  try {
    return selectLessons(catalog, selectors);
  } catch (error) {
    throw error instanceof UnknownLessonError ? new UsageError(error.message) : error;
  }
}

/** The student's lessons folder: lessons/, or the copy named by --dir (same rules as the grader). */
export function lessonsDirFrom(dir: string | undefined, option = "--dir"): string {
  if (dir === undefined) return LESSONS_DIR;
  const absolute = path.resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new UsageError(`${option} ${dir}: no such folder`);
  return lessonsFolderIn(absolute);
}
