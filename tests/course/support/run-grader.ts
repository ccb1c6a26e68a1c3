// Runs `npm run grade` the way a student or instructor does: as a separate
// process, reading its exit status, its output and its results JSON.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { courseCommand } from "../../../scripts/cli/course-command.js";
import { COURSE_ROOT, SOLUTIONS_DIR } from "../../../scripts/course-paths.js";
import type { GradeResults } from "../../../scripts/grader/results.js";

export interface GraderRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runGrader(args: string[], env: Record<string, string> = {}): Promise<GraderRun> {
  return runScript("grade", args, env);
}

/** Runs scripts/<name>.ts as `npm run <name>` would, without a terminal on stdin. */
export async function runScript(name: string, args: string[], env: Record<string, string> = {}): Promise<GraderRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      ...courseCommand(name, ...args),
      { cwd: COURSE_ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

export async function gradeJson(args: string[], env: Record<string, string> = {}): Promise<GradeResults & { code: number }> {
  const run = await runGrader([...args, "--json"], env);
  try {
    return { ...(JSON.parse(run.stdout) as GradeResults), code: run.code };
  } catch {
    throw new Error(`the grader printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** A temporary copy of solutions/ with some lesson files replaced. */
export function solutionsWith(replacements: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "course-submission-"));
  cpSync(SOLUTIONS_DIR, dir, { recursive: true });
  for (const [target, source] of Object.entries(replacements)) cpSync(source, path.join(dir, target));
  return dir;
}

/** Every file below `dir` with its size, mtime and content hash: to prove nothing was written. */
export function fingerprint(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .sort()
    .map((entry) => {
      const file = path.join(dir, entry);
      const stat = statSync(file);
      const hash = stat.isFile() ? createHash("sha1").update(readFileSync(file)).digest("hex") : "dir";
      return `${entry} ${stat.size} ${stat.mtimeMs} ${hash}`;
    });
}

/** A long-running grader (watch mode) whose output can be awaited piece by piece. */
export interface LiveGrader {
  output(): string;
  /** Resolves once `pattern` has appeared `count` times in the output. */
  waitFor(pattern: RegExp, count?: number): Promise<void>;
  stop(): void;
}

export function startGrader(args: string[]): LiveGrader {
  const child = spawn(...courseCommand("grade", ...args), {
    cwd: COURSE_ROOT,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let text = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  return {
    output: () => text,
    waitFor(pattern, count = 1) {
      const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
      return new Promise((resolve) => {
        const check = () => {
          if ((text.match(global) ?? []).length < count) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
    },
    stop: () => child.kill(),
  };
}

/** A temporary copy of some lesson folders of `from` (lessons/ or solutions/). */
export function copyOfLessons(from: string, ids: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "course-copy-"));
  for (const id of ids) cpSync(path.join(from, id), path.join(dir, id), { recursive: true });
  return dir;
}
