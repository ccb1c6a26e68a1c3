// Runs the course's TypeScript compiler (typescript 7, native) on a project and
// reads its diagnostics: shared by check-course and the grader's type warnings.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { COURSE_ROOT } from "../course-paths.js";

export interface TypeDiagnostic {
  file: string;
  line: number;
  /** "TS2339: Property 'content' does not exist on type ..." */
  message: string;
}

/** tsc's plain-text output for a project ("" when it type-checks); `options`: more of tsc's flags. */
export async function runTsc(project: string, options: string[] = []): Promise<string> {
  const tsc = path.join(COURSE_ROOT, "node_modules", ".bin", "tsc");
  try {
    await promisify(execFile)(tsc, ["-p", project, "--pretty", "false", ...options], { cwd: path.dirname(project), maxBuffer: 16 * 1024 * 1024 });
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

const ERROR_LINE = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/;

export function parseDiagnostics(output: string, rename: (file: string) => string): TypeDiagnostic[] {
  return output.split("\n").flatMap((line) => {
    const match = ERROR_LINE.exec(line.trim());
    return match ? [{ file: rename(match[1]!), line: Number(match[2]), message: match[3]! }] : [];
  });
}
