// A student's own state (hint progress, reset backups) lives in .course/,
// outside lessons/ and ignored by git. COURSE_STATE_DIR moves it (tests do).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { STATE_DIR } from "../course-paths.js";

export function stateDir(): string {
  return path.resolve(process.env.COURSE_STATE_DIR ?? STATE_DIR);
}

export function readState<T>(name: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path.join(stateDir(), name), "utf8")) as T;
  } catch {
    return fallback;
  }
}

export function writeState(name: string, value: unknown): void {
  mkdirSync(stateDir(), { recursive: true });
  writeFileSync(path.join(stateDir(), name), `${JSON.stringify(value, null, 2)}\n`);
}
