// Grades one student's submission in a grader process of its own, treating the
// submission as hostile: the grader works in a private folder (its results file,
// the lesson builds its hosts read), runs in its own process group, and inside
// bubblewrap where it is installed (own PID namespace, no network, the course
// read-only, a private /tmp). Results come back through a file in the private
// folder, never through the grader's output. When grading ends, for whatever
// reason, everything it started is killed, and a grader that did not end
// normally costs only this student's row.
//
// The graders share the course's own code, built before they start: the grader's
// bundle and the hosts' runtime (read-only inside bubblewrap), and vitest's cache
// of the graded test files. No student code is in them and no student code can
// write them: a lesson runs in a host that writes nothing.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { courseCommand } from "../cli/course-command.js";
import { COURSE_ROOT } from "../course-paths.js";
import type { GradeResults } from "../grader/results.js";

export interface SubmissionOutcome {
  /** The grader's results, or why there are none. */
  results?: GradeResults;
  failure?: string;
}

export interface SubmissionOptions {
  dir: string;
  /** Lesson ids to grade. */
  lessons: string[];
  timeLimitSeconds: number;
  /** Past this, the grader process itself is stopped. */
  deadlineMs: number;
}

const BWRAP = ["/usr/bin/bwrap", "/bin/bwrap"].find((candidate) => existsSync(candidate));

/** How submissions are kept apart on this machine, in words for the report. */
export function sandboxSummary(): string {
  return BWRAP
    ? "Each submission was graded inside bubblewrap: its own PID namespace, no network, the course read-only, a private /tmp."
    : "bubblewrap is not installed, so submissions were graded without it: their lesson code still ran under Node's permission " +
        "model with time and memory limits, but graders were not kept from the network or from seeing other processes " +
        "(on Linux: apt install bubblewrap).";
}

export function gradeSubmission({ dir, lessons, timeLimitSeconds, deadlineMs }: SubmissionOptions): Promise<SubmissionOutcome> {
  const work = mkdtempSync(path.join(tmpdir(), "mcp-course-submission-"));
  const results = path.join(work, "results.json");
  const builds = path.join(work, "builds");
  mkdirSync(builds);
  const [node, args] = courseCommand("grade", ...lessons, "--dir", dir, "--out", results, "--workers", "1", "--time-limit", String(timeLimitSeconds));
  const [command, commandArgs] = BWRAP ? [BWRAP, [...bubblewrap(work, dir), "--", node, ...args]] : [node, args];
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: COURSE_ROOT,
      // Its own process group: the whole group is killed when grading ends.
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1", COURSE_BUILD_ROOT: builds },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString();
    });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const deadline = setTimeout(killGroup, deadlineMs);
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      killGroup();
      resolve(outcomeOf(results, code, signal, stderr));
      rmSync(work, { recursive: true, force: true });
    });
  });
}

/** The course's own cache the graders write (see the top of this file). */
const SHARED_CACHES = [path.join(COURSE_ROOT, "node_modules", ".experimental-vitest-cache")];

/** The grader's view of the machine inside bubblewrap: everything read-only but its own folder and the shared caches. */
function bubblewrap(work: string, submission: string): string[] {
  for (const cache of SHARED_CACHES) mkdirSync(cache, { recursive: true });
  return [
    "--ro-bind", "/", "/",
    "--dev", "/dev",
    "--proc", "/proc",
    "--tmpfs", "/tmp",
    // The course and the submission stay where they are, read-only, even under /tmp (hidden above).
    "--ro-bind", COURSE_ROOT, COURSE_ROOT,
    "--ro-bind", submission, submission,
    "--bind", work, work,
    ...SHARED_CACHES.flatMap((cache) => ["--bind", cache, cache]),
    "--unshare-pid",
    "--unshare-net",
    "--die-with-parent",
    "--new-session",
    "--chdir", COURSE_ROOT,
  ];
}

function outcomeOf(results: string, code: number | null, signal: NodeJS.Signals | null, stderr: string): SubmissionOutcome {
  const normal = signal === null && (code === 0 || code === 1);
  if (normal && existsSync(results)) {
    try {
      return { results: JSON.parse(readFileSync(results, "utf8")) as GradeResults };
    } catch {
      // An unreadable results file is a failed grading, below.
    }
  }
  const how = signal ? `was stopped (${signal})` : `exited with status ${code}`;
  const detail = stderr.trim().split("\n").slice(-3).join(" ");
  return { failure: `the grader ${how} without results${detail ? `: ${detail}` : ""}` };
}
