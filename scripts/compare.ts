// npm run compare -- <lesson>: the student's file beside the reference solution,
// as a diff. Before the lesson passes it asks first: seeing the answer early
// costs the learning it would have given. With --against, two copies side by
// side instead (an instructor's view of two submissions); no solution is shown.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ChalkInstance } from "chalk";
import { createTwoFilesPatch } from "diff";
import { confirm } from "./cli/confirm.js";
import { lessonsDirFrom, parseLessonCommand } from "./cli/one-lesson.js";
import { runCommand } from "./cli/usage.js";
import { displayPath, SOLUTIONS_DIR } from "./course-paths.js";
import { gradeLessons } from "./grader/grade-lessons.js";
import { terminalColors } from "./cli/colors.js";

const USAGE = `Usage: npm run compare -- <lesson> [--yes] [--dir <path>] [--against <path>]

Shows your lesson files beside the reference solution as a diff
(- lines: yours, + lines: the solution's).
  --yes              show it without asking, even if the lesson does not pass yet
  --dir <path>       compare another copy of the lessons (default: lessons/)
  --against <path>   compare with this copy instead of the solution (- lines: --dir's, + lines: its)`;

await runCommand(USAGE, async () => {
  const { lesson, values } = parseLessonCommand(process.argv.slice(2), {
    yes: { type: "boolean", default: false },
    dir: { type: "string" },
    against: { type: "string" },
  });
  const lessonsDir = lessonsDirFrom(values.dir);
  const against = values.against === undefined ? undefined : lessonsDirFrom(values.against, "--against");
  if (!against && !values.yes) {
    const results = await gradeLessons({ lessons: [lesson], lessonsDir });
    const passes = results.status === "pass";
    if (!passes && !(await confirm(`Lesson ${lesson.number} does not pass yet. Show the solution anyway?`, false))) {
      console.log(`Not shown. npm run hint -- ${lesson.number} gives one more hint at a time.`);
      return 0;
    }
  }
  const [otherDir, mineLabel, otherLabel] = against ? [against, "--dir", "--against"] : [SOLUTIONS_DIR, "yours", "reference solution"];
  const c = terminalColors();
  for (const file of lesson.files) {
    const mine = path.join(lessonsDir, lesson.id, file);
    const other = path.join(otherDir, lesson.id, file);
    console.log(colorize(createTwoFilesPatch(displayPath(mine), displayPath(other), read(mine), read(other), mineLabel, otherLabel), c));
  }
  return 0;
});

function read(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

function colorize(patch: string, c: ChalkInstance): string {
  return patch
    .split("\n")
    .map((line) =>
      line.startsWith("+++") || line.startsWith("---") ? c.bold(line)
      : line.startsWith("+") ? c.green(line)
      : line.startsWith("-") ? c.red(line)
      : line.startsWith("@@") ? c.cyan(line)
      : line,
    )
    .join("\n");
}
