// Commands that act on one lesson: `npm run hint -- 01`, `reset`, `compare`, ...
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { LESSONS_DIR } from "../course-paths.js";
import { lessonsFolderIn, loadCatalog, selectLessons, UnknownLessonError, type Lesson } from "../grader/catalog.js";
import { UsageError } from "./usage.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseLessonCommand<O extends Options>(argv: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = (parsed.values as { help?: boolean }).help === true;
  if (help) return { help, lesson: undefined, values: parsed.values };
  if (parsed.positionals.length !== 1) throw new UsageError("name one lesson, e.g. 01");
  return { help, lesson: oneLesson(parsed.positionals[0]!), values: parsed.values };
}

function oneLesson(selector: string): Lesson {
  return lessonsNamed([selector])[0]!;
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
export function lessonsDirFrom(dir: string | undefined): string {
  if (dir === undefined) return LESSONS_DIR;
  if (!existsSync(dir)) throw new UsageError(`--dir ${dir}: no such folder`);
  return lessonsFolderIn(path.resolve(dir));
}
