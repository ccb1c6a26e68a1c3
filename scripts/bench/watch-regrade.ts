// How long watch mode takes from a save to the new report.
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { setTimeout } from "node:timers/promises";
import path from "node:path";
import { COURSE_ROOT, SOLUTIONS_DIR } from "../course-paths.js";
import { courseCommand } from "../cli/course-command.js";

const LESSON = "01-first-sampling-call";
/** Between a report and the next save: far less than anyone takes to read a report and edit. */
const READING_MS = 1_000;

export async function watchRegradeMs(saves: number): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "course-bench-watch-"));
  cpSync(SOLUTIONS_DIR, dir, { recursive: true });
  const [command, args] = courseCommand("grade", "--dir", dir, "--watch", "01");
  const child = spawn(command, args, { cwd: COURSE_ROOT, env: { ...process.env, NO_COLOR: "1" } });
  let reports = 0;
  let onReport = () => {};
  child.stdout.on("data", (chunk: Buffer) => {
    reports += (chunk.toString().match(/Watching/g) ?? []).length;
    onReport();
  });
  const nextReport = (after: number) =>
    new Promise<void>((resolve) => {
      onReport = () => reports > after && resolve();
      onReport();
    });
  try {
    await nextReport(0);
    const timings: number[] = [];
    for (let save = 1; save <= saves; save++) {
      // A student reads the report and edits before saving again.
      await setTimeout(READING_MS);
      const start = performance.now();
      appendFileSync(path.join(dir, LESSON, "server.ts"), `\n// save ${save}\n`);
      await nextReport(save);
      timings.push(performance.now() - start);
    }
    return timings;
  } finally {
    child.kill();
  }
}
