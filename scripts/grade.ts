// npm run grade: grades the student's lessons (or solutions/, or another copy)
// against the mock sampling client and prints what to do next.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { displayPath } from "./course-paths.js";
import { lessonsNamed } from "./cli/one-lesson.js";
import { runCommand } from "./cli/usage.js";
import { loadCatalog, type Lesson } from "./grader/catalog.js";
import { GRADE_USAGE, parseGradeArgs } from "./grader/cli-options.js";
import { gradeLessons, mainFileOf } from "./grader/grade-lessons.js";
import { wantsColor } from "./cli/colors.js";
import { renderReport } from "./grader/report.js";
import { watchLessons } from "./grader/watch.js";

async function main(argv: string[]): Promise<number> {
  const options = parseGradeArgs(argv);
  const catalog = loadCatalog();
  const lessons = lessonsNamed(options.selectors, catalog);
  const context = {
    graded: displayPath(options.lessonsDir) + path.sep,
    catalog,
    fileOf: (lesson: Lesson) => mainFileOf(options.lessonsDir, lesson),
    color: wantsColor(process.stdout),
    trace: options.trace,
  };
  if (options.watch) {
    return watchLessons({ lessons, lessonsDir: options.lessonsDir, timeLimitMs: options.timeLimitMs, context, pollOnly: options.poll });
  }

  const results = await gradeLessons({
    lessons,
    lessonsDir: options.lessonsDir,
    timeLimitMs: options.timeLimitMs,
    ...(options.workers ? { workers: options.workers } : {}),
    typeWarnings: true,
  });
  if (options.out) writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(options.json ? JSON.stringify(results, null, 2) : renderReport(results, context));
  return results.status === "pass" ? 0 : 1;
}

await runCommand(GRADE_USAGE, () => main(process.argv.slice(2)));
