// class-report over many copies of the solutions, one job at a time and one
// job per core: how grading a class scales with the machine.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SOLUTIONS_DIR } from "../course-paths.js";
import { courseCommand } from "../cli/course-command.js";
import { timeCommand } from "./timing.js";

export function classOfCopies(copies: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), "course-bench-class-"));
  for (let i = 1; i <= copies; i++) cpSync(SOLUTIONS_DIR, path.join(folder, `student-${String(i).padStart(2, "0")}`), { recursive: true });
  return folder;
}

export function classReportMs(folder: string, jobs: number): Promise<number> {
  const out = mkdtempSync(path.join(tmpdir(), "course-bench-report-"));
  return timeCommand(courseCommand("class-report", folder, "--out", out, "--jobs", String(jobs)));
}
