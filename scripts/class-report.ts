// npm run class-report -- <folder>: grades every submission in <folder> (each a
// copy of lessons/ or of the whole course), up to one per CPU core at a time,
// and writes the class table as Markdown and CSV, each student's results JSON,
// and report.html (heatmap, common failures, drill-down, diffs; Dolos with --similarity).
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseCommandLine, runCommand, UsageError } from "./cli/usage.js";
import { lessonsNamed } from "./cli/one-lesson.js";
import { DEFAULT_TIME_LIMIT_MS } from "./grader/grade-lessons.js";
import { displayPath } from "./course-paths.js";
import { classRows, toCsv, toMarkdown } from "./instructor/class-table.js";
import { gradeSubmission, sandboxSummary, type SubmissionOutcome } from "./instructor/grade-submission.js";
import { hostRuntime } from "../tests/kit/host-build.js";
import { commandBundle } from "./cli/command-bundle.mjs";
import { writeHtmlReport } from "./instructor/html-report/write-html-report.js";
import { DOLOS_MISSING, loadDolos } from "./instructor/similarity.js";

const USAGE = `Usage: npm run class-report -- <folder> [--only <lessons>] [--out <dir>] [--jobs <n>] [--time-limit <sec>] [--similarity]

Grades every submission folder inside <folder> (each a copy of lessons/ or of the course).
  --only <lessons>     grade only these lessons, e.g. --only 01,02 (default: all)
  --out <dir>          where the report goes (default: ./class-report); never inside <folder>
  --jobs <n>           submissions graded at once (default: one per CPU core)
  --time-limit <sec>   per lesson, as for npm run grade (default ${DEFAULT_TIME_LIMIT_MS / 1000})
  --similarity         add the most alike pairs per lesson, by Dolos (installed separately)`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    out: { type: "string" },
    only: { type: "string" },
    jobs: { type: "string" },
    "time-limit": { type: "string" },
    similarity: { type: "boolean", default: false },
  });
  if (positionals.length !== 1) throw new UsageError("name the folder that holds the submissions");
  const folder = path.resolve(positionals[0]!);
  const out = path.resolve(values.out ?? "class-report");
  if (!path.relative(folder, out).startsWith("..")) throw new UsageError("--out must not be inside the submissions folder");
  const jobs = values.jobs ? Number(values.jobs) : availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs ${values.jobs}: give a whole number from 1 up`);
  const timeLimitSeconds = values["time-limit"] ? Number(values["time-limit"]) : DEFAULT_TIME_LIMIT_MS / 1000;
  if (!(timeLimitSeconds > 0)) throw new UsageError(`--time-limit ${values["time-limit"]}: give a number of seconds`);

  let students: string[];
  try {
    students = readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    throw new UsageError(`${positionals[0]}: no such folder`);
  }
  const lessons = lessonsNamed(values.only ? values.only.split(",") : []);
  // Before grading: a missing Dolos should not cost the instructor a class's grading time.
  const dolos = values.similarity ? await loadDolos() : undefined;
  if (values.similarity && !dolos) {
    console.error(DOLOS_MISSING);
    return 2;
  }
  // Built once here: a grader inside bubblewrap sees the course read-only.
  await Promise.all([hostRuntime(), commandBundle("grade")]);
  // Every lesson may use its whole time limit; past that (plus start-up), the grader itself is stopped.
  const deadlineMs = lessons.length * timeLimitSeconds * 1000 + 30_000;
  const outcomes = new Map<string, SubmissionOutcome>();
  await inParallel(students, jobs, async (student) => {
    const dir = path.join(folder, student);
    outcomes.set(student, await gradeSubmission({ dir, lessons: lessons.map((l) => l.id), timeLimitSeconds, deadlineMs }));
    console.error(`graded ${student}`);
  });

  const ordered = new Map(students.map((s) => [s, outcomes.get(s)!]));
  const rows = classRows(lessons, ordered);
  mkdirSync(path.join(out, "results"), { recursive: true });
  writeFileSync(path.join(out, "report.md"), `${toMarkdown(lessons, rows)}\n`);
  writeFileSync(path.join(out, "report.csv"), `${toCsv(lessons, rows)}\n`);
  for (const [student, outcome] of ordered) {
    const json = outcome.results ?? { error: outcome.failure };
    writeFileSync(path.join(out, "results", `${student}.json`), `${JSON.stringify(json, null, 2)}\n`);
  }
  const html = await writeHtmlReport({ folder, out, lessons, outcomes: ordered, dolos });
  console.log(`${toMarkdown(lessons, rows)}\n\n${sandboxSummary()}\nWrote ${displayPath(out)}/report.md, report.csv, ${html.join(", ")} and results/.`);
  return 0;
});

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
