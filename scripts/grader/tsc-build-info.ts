// tsc's build info for the grader's type warnings, kept between runs: most of
// tsc's time goes to the libraries (zod, the SDK, @types/node), which do not
// change between two gradings of the same lessons. Each run type-checks in a
// fresh scratch folder of the same layout; the build info is copied in before
// and copied back after (by rename, so concurrent graders never see half a file).
// tsc compares file contents, so stale info costs time, never a wrong warning.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const FILE = "tsbuildinfo";

function cached(lessonsDir: string, files: string[]): string {
  const key = createHash("sha256").update(JSON.stringify([path.resolve(lessonsDir), files])).digest("hex").slice(0, 24);
  return path.join(tmpdir(), "course-type-warnings-cache", `${key}.${FILE}`);
}

/** Puts the last run's build info into `scratch` (when there is one) and returns where tsc should keep it. */
export function restoreBuildInfo(lessonsDir: string, files: string[], scratch: string): string {
  const from = cached(lessonsDir, files);
  const to = path.join(scratch, FILE);
  if (existsSync(from)) copyFileSync(from, to);
  return to;
}

/** Keeps this run's build info for the next one; a run that wrote none leaves the last one. */
export function keepBuildInfo(lessonsDir: string, files: string[], scratch: string): void {
  const written = path.join(scratch, FILE);
  if (!existsSync(written)) return;
  const to = cached(lessonsDir, files);
  mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.${process.pid}`;
  copyFileSync(written, partial);
  renameSync(partial, to);
}
