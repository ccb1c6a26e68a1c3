// Runs the graded tests of some lessons against one copy of the lessons, in a
// single vitest instance, and returns what happened to each lesson's tests.
//
// The tests (the harness) run here, in vitest's workers; the student's code runs
// in a lesson host per lesson (tests/kit/lesson-host.ts), a child process of the
// worker with its own limits. So workers can be shared between lessons
// (isolate: false): they run only the course's code. A lesson that hangs or
// crashes ends its own host, never the worker; should a worker die anyway, the
// lessons it cut short run again in a second pass with full isolation.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Reporter, TestModule } from "vitest/node";
import { COURSE_ROOT, LESSON_TESTS_DIR } from "../course-paths.js";
import { courseWorkers, forkWorkersAhead } from "./worker-pool.js";

// The host starts first, so that it boots while the test file loads.
const SETUP_FILES = ["./start-lesson-host.ts", "./reset-between-lessons.ts"].map((file) => fileURLToPath(new URL(file, import.meta.url)));
/** vitest's own limit per test is a backstop behind the host's limit per lesson, which names the cause. */
const BACKSTOP_MS = 5_000;

/** Characters of console output kept per test (the report shows less). */
const OUTPUT_KEPT = 4096;

const testFileOf = (lessonId: string): string => path.join(LESSON_TESTS_DIR, `${lessonId}.test.ts`);

export interface TestError {
  name: string;
  message: string;
}

export interface RawTest {
  name: string;
  state: "passed" | "failed" | "skipped" | "pending";
  errors: TestError[];
  /** What the lesson's code printed (console.log/error) while this test ran. */
  output: string;
  /** The MCP exchange a failing test saw (tests/kit/trace.ts). */
  trace?: string[];
}

export interface RawLessonRun {
  id: string;
  tests: RawTest[];
  /** Errors of the test file itself (it could not be collected or run). */
  fileErrors: TestError[];
  /** The lesson's worker died before the lesson finished (and a re-run did not finish it either). */
  crashed: boolean;
}

export interface RunOptions {
  lessonIds: string[];
  /** The folder that holds the lesson folders being graded. */
  lessonsDir: string;
  timeLimitMs: number;
  workers?: number;
}

export async function runLessonTests(options: RunOptions): Promise<Map<string, RawLessonRun>> {
  // The workers read these; they are set only for this run and put back after it.
  const restoreEnv = setEnv({
    COURSE_LESSONS_DIR: options.lessonsDir,
    COURSE_LESSON_TIME_LIMIT_MS: String(options.timeLimitMs),
  });
  try {
    const results = new Map<string, RawLessonRun>();
    for (const id of options.lessonIds.filter((id) => !existsSync(testFileOf(id)))) {
      const missing = { name: "Error", message: `this lesson has no graded tests: ${path.relative(COURSE_ROOT, testFileOf(id))} is missing` };
      results.set(id, { id, tests: [], fileErrors: [missing], crashed: false });
    }
    let pending = options.lessonIds.filter((id) => !results.has(id));
    for (const isolate of [false, true]) {
      if (pending.length === 0) break;
      const modules = await runOnce(pending, isolate, options);
      for (const id of pending) results.set(id, toLessonRun(id, modules.get(id)));
      // A lesson cut short by a worker's death gets a second, isolated run.
      pending = isolate ? [] : pending.filter((id) => results.get(id)!.crashed);
    }
    return results;
  } finally {
    restoreEnv();
  }
}

/** Sets environment variables and returns how to put the previous values back. */
function setEnv(values: Record<string, string>): () => void {
  const previous = Object.entries(values).map(([name]) => [name, process.env[name]] as const);
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

interface ModuleRun {
  module: TestModule;
  /** Console output by test id. */
  output: Map<string, string>;
}

async function runOnce(lessonIds: string[], isolate: boolean, options: RunOptions): Promise<Map<string, ModuleRun>> {
  const collected = new Map<string, TestModule>();
  const output = new Map<string, string>();
  const collector: Reporter = {
    onUserConsoleLog(log) {
      const kept = log.taskId ? (output.get(log.taskId) ?? "") : "";
      // A lesson that logs in a loop must not fill the grader's memory: keep the start.
      if (log.taskId && kept.length < OUTPUT_KEPT) output.set(log.taskId, kept + log.content.slice(0, OUTPUT_KEPT));
    },
    onTestRunEnd(testModules) {
      for (const module of testModules) collected.set(path.basename(module.moduleId, ".test.ts"), module);
    },
  };
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), lessonIds.length));
  // The first grading of a process loads vitest (~0.4 s): its workers boot meanwhile.
  forkWorkersAhead(workers);
  const { createVitest } = await import("vitest/node");
  const vitest = await createVitest(
    "test",
    {
      root: COURSE_ROOT,
      config: false,
      watch: false,
      include: lessonIds.map((id) => path.relative(COURSE_ROOT, testFileOf(id))),
      pool: courseWorkers,
      isolate,
      maxWorkers: workers,
      setupFiles: SETUP_FILES,
      testTimeout: options.timeLimitMs + BACKSTOP_MS,
      hookTimeout: options.timeLimitMs + BACKSTOP_MS,
      // Console output reaches the collector only: the student sees it under the test that printed it.
      reporters: [collector],
      // The course's test files (never a student's: those are bundled for their host)
      // are transformed once and cached, keyed by each file's path and content. Saves
      // ~0.5 s a run.
      experimental: { fsModuleCache: true },
      cache: false,
    },
    { logLevel: "silent" },
  );
  try {
    await vitest.start();
  } finally {
    await vitest.close();
  }
  return new Map([...collected].map(([id, module]) => [id, { module, output }]));
}

function toLessonRun(id: string, run: ModuleRun | undefined): RawLessonRun {
  const module = run?.module;
  const tests: RawTest[] = module
    ? [...module.children.allTests()].map((test) => {
        const result = test.result();
        const errors = (result.errors ?? []).map(toTestError);
        const { trace } = test.meta();
        return { name: test.name, state: result.state, errors, output: run.output.get(test.id) ?? "", ...(trace && { trace }) };
      })
    : [];
  const fileErrors = module ? module.errors().map(toTestError) : [];
  const finished = module !== undefined && module.state() !== "pending" && module.state() !== "queued";
  return { id, tests, fileErrors, crashed: !finished };
}

function toTestError(error: { name?: string; message?: string }): TestError {
  return { name: error.name ?? "Error", message: error.message ?? String(error) };
}
