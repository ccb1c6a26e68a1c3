// The grader's vitest workers: forked processes, as vitest's own "forks" pool, with
// two differences that make a watch-mode re-grade about twice as fast:
//   - every worker loads the packages the harness needs (the SDK client, esbuild)
//     as it boots, instead of when the first test file imports them;
//   - after a grading, watch mode forks the next worker ahead of time
//     (prepareNextWorker), so the grading after a save skips the worker's boot.
// A spare is used only by a grading that asks for exactly the environment and Node
// flags it was forked with; any other grading forks its own worker, as vitest does.
// Vitest's public pool API (PoolRunnerInitializer); no student code runs here.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from "vitest/node";

const PRELOAD = fileURLToPath(new URL("./worker-preload.mjs", import.meta.url));

interface Spare {
  child: ChildProcess;
  key: string;
}

let spare: Spare | undefined;
/** The options of the latest worker: what the next grading of a watch session will ask for. */
let latest: PoolOptions | undefined;

// The environment's order changes between gradings (the grader sets and removes its variables).
const keyOf = (options: PoolOptions) =>
  JSON.stringify([options.distPath, options.execArgv, Object.entries(options.env).sort(([a], [b]) => (a < b ? -1 : 1))]);

function forkWorker(options: PoolOptions): ChildProcess {
  return fork(path.resolve(options.distPath, "workers/forks.js"), [], {
    env: options.env as NodeJS.ProcessEnv,
    execArgv: [...options.execArgv, "--import", PRELOAD],
    stdio: "pipe",
    serialization: "advanced",
  });
}

/** Forks the worker the next grading will use, while nothing else is running. */
export function prepareNextWorker(): void {
  if (!latest || spare) return;
  const child = forkWorker(latest);
  // A spare nobody adopted must not keep the grader alive, nor outlive it.
  child.unref();
  child.channel?.unref();
  child.stdout?.resume();
  child.stderr?.resume();
  spare = { child, key: keyOf(latest) };
}

export function discardSpareWorker(): void {
  spare?.child.kill();
  spare = undefined;
}
process.once("exit", discardSpareWorker);

function adoptSpare(options: PoolOptions): ChildProcess | undefined {
  const found = spare;
  spare = undefined;
  if (found && found.key === keyOf(options) && found.child.exitCode === null && found.child.signalCode === null) {
    found.child.ref();
    found.child.channel?.ref();
    return found.child;
  }
  found?.child.kill();
  return undefined;
}

class CourseWorker implements PoolWorker {
  readonly name = "course-forks";
  readonly cacheFs = true;
  private child?: ChildProcess;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;

  constructor(private readonly options: PoolOptions) {
    latest = options;
    this.stdout = options.project.vitest.logger.outputStream;
    this.stderr = options.project.vitest.logger.errorStream;
  }

  private get process(): ChildProcess {
    if (!this.child) throw new Error("the grader's worker is not running");
    return this.child;
  }

  on(event: string, callback: (arg: unknown) => void): void {
    this.process.on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    this.process.off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.process.send(message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  async start(): Promise<void> {
    const child = adoptSpare(this.options) ?? forkWorker(this.options);
    child.stdout?.unpipe().pipe(this.stdout, { end: false });
    child.stderr?.unpipe().pipe(this.stderr, { end: false });
    this.child = child;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill();
      // As vitest's own pool: a worker that does not end on SIGTERM is killed.
      const stubborn = setTimeout(() => child.kill("SIGKILL"), 1_000);
      await exited;
      clearTimeout(stubborn);
    }
    this.child = undefined;
  }
}

export const courseWorkers: PoolRunnerInitializer = {
  name: "course-forks",
  createPoolWorker: (options) => new CourseWorker(options),
};
