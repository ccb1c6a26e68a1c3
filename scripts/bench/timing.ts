// Wall-clock measurements for the benchmark: commands run to completion, several
// times, reported by their median so one slow run does not skew a ratio.
import { spawn } from "node:child_process";
import { COURSE_ROOT } from "../course-paths.js";

export async function timeCommand([command, args]: [string, string[]]): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: COURSE_ROOT, stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    child.on("error", reject);
    child.on("close", () => resolve());
  });
  return performance.now() - start;
}

export async function median(runs: number, measure: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export const trivialVitest: [string, string[]] = [
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--config", "scripts/bench/trivial/vitest.config.ts"],
];
