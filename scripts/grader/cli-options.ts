// `npm run grade` arguments. Anything malformed is a UsageError: exit status 2.
import path from "node:path";
import { parseCommandLine, UsageError } from "../cli/usage.js";
import { lessonsDirFrom } from "../cli/one-lesson.js";
import { SOLUTIONS_DIR } from "../course-paths.js";
import { DEFAULT_TIME_LIMIT_MS } from "./grade-lessons.js";


export interface GradeCliOptions {
  selectors: string[];
  /** The folder holding the lesson folders to grade. */
  lessonsDir: string;
  json: boolean;
  /** Show the MCP exchange of each lesson's first failing test. */
  trace: boolean;
  out?: string;
  watch: boolean;
  poll: boolean;
  timeLimitMs: number;
  workers?: number;
}

export const GRADE_USAGE = `Usage: npm run grade -- [lesson ...] [options]

  lesson               a lesson number or id: 3, 03, 03-client-callback (default: every lesson)
  --solutions          grade the reference solutions in solutions/
  --dir <path>         grade another copy of the lessons (a copy of lessons/ or of the whole course)
  --json               print the results JSON alone on stdout
  --out <file>         also write the results JSON to <file>
  --trace              show the MCP exchange the first failing test saw
  --watch              re-grade a lesson each time one of its files is saved
  --poll               with --watch: poll for saves instead of file-system events
  --time-limit <sec>   how long one lesson may run before it is stopped (default ${DEFAULT_TIME_LIMIT_MS / 1000})
  --workers <n>        how many lessons are graded at once (default: one per CPU core)
  --help               show this help

Exit status: 0 when every graded lesson passes, 1 when any does not, 2 for a usage error.`;

export function parseGradeArgs(argv: string[]): GradeCliOptions {
  const { values, positionals } = parseCommandLine(
    {
      solutions: { type: "boolean", default: false },
      dir: { type: "string" },
      json: { type: "boolean", default: false },
      out: { type: "string" },
      trace: { type: "boolean", default: false },
      watch: { type: "boolean", default: false },
      poll: { type: "boolean", default: false },
      "time-limit": { type: "string" },
      workers: { type: "string" },
    },
    argv,
  );
  if (values.solutions && values.dir) throw new UsageError("--solutions and --dir each choose what to grade: give one of them");
  if (values.watch && (values.json || values.out)) throw new UsageError("--watch prints reports as you work: it does not go with --json or --out");
  if (values.poll && !values.watch) throw new UsageError("--poll only goes with --watch");
  return {
    selectors: positionals,
    lessonsDir: values.solutions ? SOLUTIONS_DIR : lessonsDirFrom(values.dir),
    json: values.json,
    trace: values.trace,
    ...(values.out ? { out: path.resolve(values.out) } : {}),
    watch: values.watch,
    poll: values.poll,
    timeLimitMs: values["time-limit"] ? seconds(values["time-limit"]) : DEFAULT_TIME_LIMIT_MS,
    ...(values.workers ? { workers: count(values.workers) } : {}),
  };
}

function seconds(text: string): number {
  const value = Number(text);
  if (!(value > 0) || value > 600) throw new UsageError(`--time-limit ${text}: give a number of seconds from 0.1 to 600`);
  return Math.round(value * 1000);
}

function count(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--workers ${text}: give a whole number from 1 up`);
  return value;
}
