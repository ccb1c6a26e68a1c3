// Which copy of a lesson the graded tests grade, and the sealed host that runs
// it. The grader points COURSE_LESSONS_DIR at lessons/, solutions/ or a student's
// copy; run directly, the tests grade lessons/. The student's code never runs in
// the test process: it runs in a lesson host (lesson-host.ts), one per lesson.
import { existsSync, lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeEach, onTestFailed } from "vitest";
import { displayPath, LESSONS_DIR } from "../../scripts/course-paths.js";
import { readLesson } from "../../scripts/grader/catalog.js";
import { LessonLoadError } from "./lesson-errors.js";
import { LessonHost } from "./lesson-host.js";
import { traceLines } from "./trace.js";

export { LessonCrashError, LessonHangError, LessonLoadError } from "./lesson-errors.js";

export interface LessonUnderTest {
  id: string;
  /** Absolute path of a file of this lesson in the graded copy. */
  path(file: string): string;
  /** The path to show a student: relative to the course when inside it. */
  display(file: string): string;
  /** The host running this lesson's code, started on first use and stopped after the test file. */
  host(): LessonHost;
  /** The names and types (typeof) of what a lesson file exports. */
  exports(file: string): Promise<Record<string, string>>;
  /** The JSON value of one export (lesson 08's answers). */
  value(file: string, name: string): Promise<unknown>;
  /** Calls an exported function in the host; functions among `args` are called back here. */
  call(file: string, name: string, args: unknown[]): Promise<unknown>;
}

function gradedRoot(): string {
  return path.resolve(process.env.COURSE_LESSONS_DIR ?? LESSONS_DIR);
}

/** Lessons whose host the grader started before their test file was imported (scripts/grader/start-lesson-host.ts). */
const prepared = new Map<string, LessonUnderTest>();

/** Starts a lesson's host now; the test file's lessonUnderTest(id) takes it over. */
export function prepareLessonUnderTest(id: string): void {
  if (!prepared.has(id)) prepared.set(id, createLessonUnderTest(id));
}

export function lessonUnderTest(id: string): LessonUnderTest {
  const ready = prepared.get(id);
  prepared.delete(id);
  return ready ?? createLessonUnderTest(id);
}

function createLessonUnderTest(id: string): LessonUnderTest {
  const dir = path.join(gradedRoot(), id);
  const meta = readLesson(LESSONS_DIR, id);
  const files = meta.files;
  const display = (file: string) => displayPath(path.join(dir, file));
  let host: LessonHost | undefined;
  let runningTest: string | undefined;

  const started = (): LessonHost => {
    if (!host) {
      const main = files[0]!;
      demandFile(dir, main, display(main), id);
      host = new LessonHost({
        lessonDir: dir,
        files: files.filter((file) => existsSync(path.join(dir, file))),
        shown: display(main),
        preload: packagesOf(meta),
        runningTest: () => runningTest,
      });
    }
    return host;
  };
  // Started now, not at the first test: the host boots while vitest collects the tests.
  queueMicrotask(() => {
    try {
      started();
    } catch {
      // A missing file: every test that needs the lesson reports it.
    }
  });
  // A failing test carries the MCP exchange it saw: what crossed the host's connections during it.
  beforeEach(({ task }) => {
    runningTest = task.name;
    const mark = host?.wire.entries.length ?? 0;
    onTestFailed(({ task }) => {
      const entries = host?.wire.entries.slice(mark) ?? [];
      if (entries.length > 0) task.meta.trace = traceLines(entries);
    });
  });
  afterAll(async () => {
    if (prepared.get(id) === lesson) prepared.delete(id);
    await host?.dispose();
    host = undefined;
  });

  const lesson: LessonUnderTest = {
    id,
    path: (file) => path.join(dir, file),
    display,
    host: started,
    exports: (file) => explained(display(file), started().request({ op: "exports", file })),
    value: (file, name) => explained(display(file), started().request({ op: "value", file, name })),
    call: (file, name, args) => {
      const running = started();
      return explained(display(file), running.request({ op: "call", file, name, args: running.encode(args) as unknown[] }));
    },
  };
  return lesson;
}

/** What a lesson's code will import, by the kind of lesson it is. */
function packagesOf(meta: { sdk?: 1 | 2; kind?: string }): string[] {
  if (meta.sdk === 2) return ["@modelcontextprotocol/server", "@modelcontextprotocol/server/stdio"];
  if (meta.kind === "client") return ["@modelcontextprotocol/sdk/client/index.js", "@modelcontextprotocol/sdk/types.js"];
  if (meta.kind === "answers") return [];
  return ["@modelcontextprotocol/sdk/server/mcp.js", "@modelcontextprotocol/sdk/types.js", "zod"];
}

function demandFile(dir: string, file: string, shown: string, id: string): void {
  const absolute = path.join(dir, file);
  if (existsSync(dir) && !isInside(realpathSync(dir), realpathSync(gradedRoot()))) {
    throw new LessonLoadError(`${path.dirname(shown)} is a link to a folder outside the graded folder: a submission's lessons must be its own.`);
  }
  if (!existsSync(absolute)) {
    throw new LessonLoadError(`${shown} is missing: this lesson needs that file (restore it with npm run reset -- ${id}).`);
  }
  if (lstatSync(absolute).isSymbolicLink()) {
    throw new LessonLoadError(`${shown} is a symbolic link: a submission's lesson files must be files of its own.`);
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** Turns the host's report of a module that would not import into a LessonLoadError naming the cause. */
export async function explained<T>(shown: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if ((error as { name?: string }).name === "LessonImportError") throw new LessonLoadError(describeLoadFailure(shown, (error as Error).message));
    throw error;
  }
}

function describeLoadFailure(shown: string, raw: string): string {
  const message = stripVTControlCharacters(raw);
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(message)) {
    return `${shown} imports something that does not exist: ${firstLine(message)}\n(imports of the SDK need the .js suffix, e.g. "@modelcontextprotocol/sdk/server/mcp.js")`;
  }
  if (/ERR_ACCESS_DENIED/.test(message)) {
    return `${shown} tried to reach something outside its lesson while being imported: ${firstLine(message)}\n(the grader runs a lesson with read access to its own files only, and no writes)`;
  }
  return `${shown} throws while being imported: ${firstLine(message)}\n(a lesson module must not do work at import time: build everything inside createServer())`;
}

function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text;
}
