// npm run check-course: keeps every lesson healthy (for course maintainers and CI).
import path from "node:path";
import { parseCommandLine, runCommand, UsageError } from "./cli/usage.js";
import { LESSONS_DIR, SOLUTIONS_DIR } from "./course-paths.js";
import { checkCourse } from "./course-check/check-lessons.js";
import { loadCatalog } from "./grader/catalog.js";
import { terminalColors } from "./cli/colors.js";
import { copyLessonFiles, STARTERS_DIR } from "./student/starters.js";

const USAGE = `Usage: npm run check-course [-- --lessons <dir> --solutions <dir>] [--update-starters]

Checks every lesson: README and metadata, starter TODOs, types (README snippets marked
\`\`\`ts runnable included), that starters grade "fail" and solutions 100%, and that the
tools the code registers match lesson.json.
  --lessons <dir>, --solutions <dir>   check other copies (default: lessons/ and solutions/)
  --update-starters                    copy lessons/ starters to .starters/ (after editing a starter)`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    lessons: { type: "string" },
    solutions: { type: "string" },
    "update-starters": { type: "boolean", default: false },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (values["update-starters"]) {
    for (const lesson of loadCatalog()) {
      copyLessonFiles(lesson, (file) => path.join(LESSONS_DIR, lesson.id, file), (file) => path.join(STARTERS_DIR, lesson.id, file));
    }
    console.log("Copied every starter to .starters/.");
    return 0;
  }
  const own = values.lessons === undefined;
  const report = await checkCourse({
    lessonsDir: path.resolve(values.lessons ?? LESSONS_DIR),
    solutionsDir: path.resolve(values.solutions ?? SOLUTIONS_DIR),
    ...(own ? { startersDir: STARTERS_DIR } : {}),
  });

  const c = terminalColors();
  let unhealthy = 0;
  for (const [id, problems] of report) {
    console.log(problems.length === 0 ? `${c.green("✔")} ${id}` : `${c.red("✘")} ${id}`);
    for (const problem of problems) console.log(`    - ${problem}`);
    if (problems.length > 0) unhealthy += 1;
  }
  console.log(`\n${report.size - unhealthy} of ${report.size} lessons healthy.`);
  return unhealthy === 0 ? 0 : 1;
});
