// Grades one student's submission in a grader process of its own: whatever the
// submission does, even killing its grader, it can only lose its own row.
import { spawn } from "node:child_process";
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

export function gradeSubmission({ dir, lessons, timeLimitSeconds, deadlineMs }: SubmissionOptions): Promise<SubmissionOutcome> {
  return new Promise((resolve) => {
    const [command, args] = courseCommand("grade", ...lessons, "--dir", dir, "--json", "--workers", "1", "--time-limit", String(timeLimitSeconds));
    const child = spawn(command, args, { cwd: COURSE_ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      try {
        resolve({ results: JSON.parse(stdout) as GradeResults });
      } catch {
        const how = signal ? `was stopped (${signal})` : `exited with status ${code}`;
        const detail = stderr.trim().split("\n").slice(-3).join(" ");
        resolve({ failure: `the grader ${how} without results${detail ? `: ${detail}` : ""}` });
      }
    });
  });
}
