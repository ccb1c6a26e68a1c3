// Runs `npm run play` as a student does: a separate process whose stdin carries
// the person's answers (or ends at once, which the playground reads as "deny").
import { spawn } from "node:child_process";
import { COURSE_ROOT } from "../../../scripts/course-paths.js";

export interface PlayRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface PlayOptions {
  /** Typed answers, e.g. "a\ny\n"; stdin then ends. */
  stdin?: string;
  env?: Record<string, string>;
}

export function runPlay(args: string[], { stdin = "", env = {} }: PlayOptions = {}): Promise<PlayRun> {
  // Keys of the machine running the tests must never reach a test run; each test gives its own.
  const { ANTHROPIC_API_KEY, OPENAI_API_KEY, INIT_CWD, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/play.ts", ...args], {
    cwd: COURSE_ROOT,
    env: { ...inherited, NO_COLOR: "1", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
