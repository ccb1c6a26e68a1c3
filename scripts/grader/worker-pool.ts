// The grader's vitest workers: forked processes, as vitest's own "forks" pool, with
// differences that make a grading start sooner:
//   - every worker loads the packages the harness needs (the SDK client, esbuild)
//     as it boots, instead of when the first test file imports them;
//   - a grading forks its workers before it loads vitest (forkWorkersAhead), so
//     that they boot while vitest loads;
//   - after a grading, watch mode forks the next worker ahead of time
//     (prepareNextWorker), so the grading after a save skips the worker's boot.
// A worker forked ahead is used only by a grading that asks for exactly the
// environment and Node flags it was forked with; any other grading forks its own
// worker, as vitest does.
// Vitest's public pool API (PoolRunnerInitializer); no student code runs here.
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { isatty } from "node:tty";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from "vitest/node";

const PRELOAD = fileURLToPath(new URL("./worker-preload.mjs", import.meta.url));

interface Spare {
  child: ChildProcess;
  key: string;
  /** Forked by forkWorkersAhead, on a guess of vitest's options. */
  guessed: boolean;
}

const spares: Spare[] = [];
/** The options of the latest worker: what the next grading of a watch session will ask for. */
let latest: PoolOptions | undefined;
/** Workers forked ahead, and how many of them a grading took: a test checks that the guess is right. */
export const forkedAhead = { forked: 0, adopted: 0 };

/** What a worker is forked with: vitest's options, or a guess of them. */
type WorkerOptions = Pick<PoolOptions, "distPath" | "execArgv" | "env">;

// The environment's order changes between gradings (the grader sets and removes its variables).
const keyOf = ({ distPath, execArgv, env }: WorkerOptions) =>
  JSON.stringify([distPath, execArgv, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))]);

function forkWorker({ distPath, execArgv, env }: WorkerOptions): ChildProcess {
  return fork(path.resolve(distPath, "workers/forks.js"), [], {
    env: env as NodeJS.ProcessEnv,
    execArgv: [...execArgv, "--import", PRELOAD],
    stdio: "pipe",
    serialization: "advanced",
  });
}

/** Forks a worker that waits for a grading asking for exactly these options. */
function forkSpare(options: WorkerOptions, guessed: boolean): void {
  const child = forkWorker(options);
  // A spare nobody adopted must not keep the grader alive, nor outlive it.
  child.unref();
  child.channel?.unref();
  child.stdout?.resume();
  child.stderr?.resume();
  spares.push({ child, key: keyOf(options), guessed });
}

/**
 * Forks the workers a grading will need, before vitest is loaded: with the flags
 * and environment vitest 4 gives its forks' workers (resolveOptions in vitest's
 * pool), checked when a worker is adopted. Call it once the grading's own
 * environment variables are set.
 */
export function forkWorkersAhead(count: number): void {
  const vitestDir = path.dirname(createRequire(import.meta.url).resolve("vitest/package.json"));
  const distPath = path.join(vitestDir, "dist");
  const execArgv = [
    "--experimental-import-meta-resolve",
    "--require",
    path.join(vitestDir, "suppress-warnings.cjs"),
    // Vite's default server-side conditions, as vitest passes them on.
    "--conditions",
    "node",
    "--conditions",
    "development",
  ];
  const env: Record<string, string | undefined> = {
    ...process.env,
    // What Vite sets in this process as vitest starts (its import.meta.env, in "test" mode)...
    BASE_URL: "/",
    DEV: "1",
    MODE: "test",
    PROD: "",
    NODE_ENV: process.env.NODE_ENV || "development",
    // ...and what vitest adds for its workers.
    TEST: "true",
    VITEST: "true",
    VITEST_MODE: "RUN",
    FORCE_TTY: isatty(1) ? "true" : "",
  };
  for (let i = spares.length; i < count; i++) {
    forkSpare({ distPath, execArgv, env }, true);
    forkedAhead.forked += 1;
  }
}

/** Forks the worker the next grading will use, while nothing else is running. */
export function prepareNextWorker(): void {
  if (!latest || spares.length > 0) return;
  forkSpare(latest, false);
}

export function discardSpareWorkers(): void {
  for (const { child } of spares.splice(0)) child.kill();
}
process.once("exit", discardSpareWorkers);

function adoptSpare(options: PoolOptions): ChildProcess | undefined {
  const found = spares.shift();
  if (found && found.key === keyOf(options) && found.child.exitCode === null && found.child.signalCode === null) {
    found.child.ref();
    found.child.channel?.ref();
    if (found.guessed) forkedAhead.adopted += 1;
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
