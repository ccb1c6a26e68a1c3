// The harness's side of a lesson host: starts the child process that runs one
// lesson's student code, enforces its limits from outside (time, memory, output,
// no permissions), and talks to it over fd 3. The student's code never runs in
// this process: everything it does reaches the harness as messages, judged here.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import type { Socket } from "node:net";
import { setImmediate as realSetImmediate, setTimeout as realSetTimeout, clearTimeout as realClearTimeout } from "node:timers";
import { buildLesson, hostRuntime, LessonBuildError, lessonBuildDir } from "./host-build.js";
import {
  encodeLine,
  LineReader,
  PendingCalls,
  toErrorData,
  type HostOp,
  type HostToHarness,
} from "../host/protocol.js";
import { OutputBuffer } from "./host-output.js";
import { LessonCrashError, LessonHangError, LessonLoadError } from "./lesson-errors.js";
import { WireLog } from "./wire-log.js";

/** The host's V8 heap; Buffers and other memory outside it are capped by the data limit below. */
const HEAP_MB = 256;
// RLIMIT_DATA, not RLIMIT_AS: WebAssembly (undici's HTTP parser, behind fetch and
// Response) reserves far more address space than it uses, and an address-space
// cap breaks it; the data limit counts only memory actually made writable.
const DATA_BYTES = 1024 ** 3;
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
// node:sqlite (Node 22.13+) opens and creates database files without asking the
// permission model (seen on Node 24.21): off, where Node has it.
const NO_SQLITE = process.allowedNodeEnvironmentFlags.has("--no-experimental-sqlite") ? ["--no-experimental-sqlite"] : [];
const SETPRIV = "/usr/bin/setpriv";
/** Messages from the host waiting to be handled before the harness stops reading more. */
const QUEUE_PAUSE_AT = 1_000;
const QUEUE_RESUME_AT = 100;
const PRLIMIT = "/usr/bin/prlimit";

/** The limits this machine can enforce on a host, for reports to say which were not. */
export function hostLimits(): { permissions: true; memory: boolean; diesWithGrader: boolean } {
  return { permissions: true, memory: existsSync(PRLIMIT), diesWithGrader: existsSync(SETPRIV) };
}

/** How long a lesson may run in all (COURSE_LESSON_TIME_LIMIT_MS, set by the grader). */
function lessonTimeLimitMs(): number {
  const configured = Number(process.env.COURSE_LESSON_TIME_LIMIT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 10_000;
}

export interface HostStart {
  /** Lesson folder in the graded copy. */
  lessonDir: string;
  /** Lesson files to bundle (e.g. ["server.ts"]), relative to lessonDir. */
  files: string[];
  /** The lesson's main file as the student sees it, for messages. */
  shown: string;
  /** Packages the lesson will import, loaded by the host while the lesson is being built. */
  preload: string[];
  /** The graded test running now, for a hang's message to name. */
  runningTest?: () => string | undefined;
}

export type HostFunction = (...args: never[]) => unknown;

export class LessonHost {
  readonly wire: WireLog = new WireLog();
  readonly output = new OutputBuffer();
  private child?: ChildProcess;
  private channel?: Socket;
  private buildDir?: string;
  private nextConn = 0;
  private readonly pending = new PendingCalls();
  private readonly functions = new Map<number, HostFunction>();
  private readonly connections = new Map<number, { onmessage(message: unknown): void; onclose(): void }>();
  /** Why the host is gone, once it is: every later request fails with it. */
  private ended?: Error;
  private exitCode?: string;
  private deadline?: ReturnType<typeof realSetTimeout>;
  private readonly started: Promise<void>;
  /** The harness's fake network: every fetch the lesson makes comes here. */
  network: (url: string, init: { method: string }) => unknown = () => {
    throw new Error("the network is off while grading");
  };

  constructor(private readonly options: HostStart) {
    this.functions.set(-1, ((url: string, init: { method: string }) => this.network(url, init)) as HostFunction);
    this.started = this.start();
    // A failed start is reported by the first request that needs the host.
    this.started.catch(() => {});
  }

  /** Messages that went over the host's connections: for traces and timing checks. */
  get activity(): number {
    return this.wire.count + this.functionCalls;
  }
  private functionCalls = 0;

  private async start(): Promise<void> {
    const runtime = await hostRuntime();
    // The host starts (and loads the packages the lesson needs) while the lesson is built.
    this.buildDir = lessonBuildDir();
    this.spawnHost(runtime, this.buildDir);
    try {
      await buildLesson(this.options.lessonDir, this.options.files, runtime.packages, this.buildDir);
    } catch (error) {
      if (error instanceof LessonBuildError) throw describeBuildFailure(this.options.shown, error.message);
      throw error;
    }
  }

  private spawnHost(runtime: Awaited<ReturnType<typeof hostRuntime>>, buildDir: string): void {
    const preload = this.options.preload.flatMap((name) => runtime.packages[name] ?? []);
    const node = [
      PERMISSION_FLAG,
      ...NO_SQLITE,
      `--allow-fs-read=${runtime.dir}/`,
      `--allow-fs-read=${this.buildDir}/`,
      "--disable-warning=ExperimentalWarning",
      `--max-old-space-size=${HEAP_MB}`,
      "--enable-source-maps",
      runtime.host,
      buildDir,
      JSON.stringify(runtime.packages),
      JSON.stringify(preload),
    ];
    const limits = hostLimits();
    // setpriv: the host dies with this process, even when killed; prlimit: Buffers and
    // other memory outside V8's heap are capped too.
    const command = [
      ...(limits.diesWithGrader ? [SETPRIV, "--pdeathsig", "KILL", "--"] : []),
      ...(limits.memory ? [PRLIMIT, `--data=${DATA_BYTES}`, "--"] : []),
      process.execPath,
      ...node,
    ];
    const child = spawn(command[0]!, command.slice(1), {
      // Its own process group, so that the whole group can be killed at once.
      detached: true,
      // Its private build folder: anything that still writes "here" writes into a folder deleted after the lesson.
      cwd: buildDir,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // Nothing of the grader's environment (API keys included) reaches student code.
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_OPTIONS: "", ...strykerMutant() },
    });
    this.child = child;
    child.stdout!.on("data", (chunk: Buffer) => this.output.add(chunk));
    child.stderr!.on("data", (chunk: Buffer) => this.output.add(chunk));
    const channel = child.stdio[3] as Socket;
    this.channel = channel;
    // One message per turn of the event loop, in order, as separate transport events
    // arrive: the SDK handles a notification a microtask later than a response, so
    // a progress notification and the result right behind it must not share a turn.
    // Backpressure: a lesson flooding the channel waits for the harness instead of filling its memory.
    let queued = 0;
    const reader = new LineReader(
      (value) => {
        if (++queued === QUEUE_PAUSE_AT) channel.pause();
        realSetImmediate(() => {
          if (--queued === QUEUE_RESUME_AT) channel.resume();
          this.receive(value as HostToHarness);
        });
      },
      () => this.end(new LessonCrashError(`${this.options.shown}: the lesson sent a message larger than 8 MB, so the grader stopped it.`)),
    );
    channel.on("data", (chunk: Buffer) => reader.push(chunk));
    channel.on("error", () => {});
    // "close", not "exit": the last words on the channel (the host's process.exit marker) must be
    // read first, and handled first: they wait in the same queue as every other message.
    child.on("close", (code, signal) => realSetImmediate(() => this.exited(code, signal)));
    this.deadline = realSetTimeout(() => {
      const during = this.options.runningTest?.();
      this.end(
        new LessonHangError(
          `${this.options.shown} was still running after ${lessonTimeLimitMs() / 1000} s, so the grader stopped it. ` +
            "Look for a loop that never ends (a while or for whose condition never turns false), in a tool or at import time." +
            (during ? ` The test running then: "${during}".` : ""),
        ),
      );
    }, lessonTimeLimitMs());
  }

  /** Asks the host for one operation; rejects when the host is gone. */
  async request<T>(op: HostOp): Promise<T> {
    await this.started;
    if (this.ended) throw this.ended;
    return this.pending.open<T>((id) => this.write({ t: "req", id, ...op }));
  }

  /** A new connection number, with the callbacks that receive its messages. */
  connect(handlers: { onmessage(message: unknown): void; onclose(): void }): number {
    const conn = this.nextConn++;
    this.connections.set(conn, handlers);
    return conn;
  }

  sendMcp(conn: number, message: unknown): void {
    this.wire.record("to-lesson", conn, message);
    this.write({ t: "mcp", conn, message });
  }

  /** Replaces functions in a value with references the host can call back. */
  encode(value: unknown): unknown {
    if (typeof value === "function") {
      const id = this.functions.size + 1;
      this.functions.set(id, value as HostFunction);
      return { $fn: id };
    }
    if (Array.isArray(value)) return value.map((item) => this.encode(item));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.encode(item)]));
  }

  /** Whether the host answers a ping within `ms` of real time (a host spinning in a loop cannot). */
  async responds(ms: number): Promise<boolean> {
    if (this.ended) return false;
    let timer: ReturnType<typeof realSetTimeout> | undefined;
    const late = new Promise<false>((resolve) => (timer = realSetTimeout(() => resolve(false), ms)));
    const answered = this.request({ op: "sync" }).then(() => true, () => false);
    try {
      return await Promise.race([answered, late]);
    } finally {
      realClearTimeout(timer);
    }
  }

  /** Stops the host: a hang was detected, or the lesson's tests are done. */
  stop(reason: Error): void {
    this.end(reason);
  }

  /** Stops the host and removes its build. */
  async dispose(): Promise<void> {
    this.end(new LessonCrashError("the lesson's tests have finished"));
    await this.started.catch(() => {});
    if (this.buildDir) rmSync(this.buildDir, { recursive: true, force: true });
  }

  /** The host ended by itself: the reason every waiting and later request gets. */
  get failure(): Error | undefined {
    return this.ended;
  }

  private write(message: unknown): void {
    if (!this.ended) this.channel?.write(encodeLine(message));
  }

  private receive(message: HostToHarness): void {
    switch (message.t) {
      case "res":
        return this.pending.settle(message);
      case "mcp":
        this.wire.record("from-lesson", message.conn, message.message);
        this.connections.get(message.conn)?.onmessage(message.message);
        return;
      case "closed":
        this.connections.get(message.conn)?.onclose();
        this.connections.delete(message.conn);
        return;
      case "dep":
        void this.callFunction(message.id, message.fn, message.args);
        return;
      case "exit":
        this.exitCode = String(message.code).slice(0, 40);
        return;
    }
  }

  private async callFunction(id: number, fn: number, args: unknown[]): Promise<void> {
    this.functionCalls += 1;
    const target = this.functions.get(fn);
    try {
      if (!target) throw new Error(`no such function (${fn})`);
      const value = await (target as (...args: unknown[]) => unknown)(...(Array.isArray(args) ? args : []));
      this.write({ t: "res", id, ok: true, value: await toWire(value) });
    } catch (error) {
      this.write({ t: "res", id, ok: false, error: toErrorData(error) });
    }
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.ended) return this.end(this.ended);
    const shown = this.options.shown;
    if (this.exitCode !== undefined) {
      return this.end(
        new LessonCrashError(
          `${shown} called process.exit(${this.exitCode}). A server must never end the process it runs in: ` +
            "return { isError: true, content: [...] } from the tool instead.",
        ),
      );
    }
    if (this.output.mentions(/heap out of memory|Reached heap limit|allocation failed/i)) {
      return this.end(new LessonCrashError(`${shown} ran out of memory (the lesson may use ${HEAP_MB} MB): look for data that grows without end.`));
    }
    const how = signal ? `was killed (${signal})` : `ended with exit code ${code}`;
    this.end(new LessonCrashError(`the process running ${shown} ${how} (does the code kill or abort the process?)`));
  }

  private end(reason: Error): void {
    this.ended ??= reason;
    if (this.deadline) realClearTimeout(this.deadline);
    if (this.child?.pid && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    this.channel?.destroy();
    this.pending.rejectAll(this.ended);
    for (const [conn, handlers] of this.connections) {
      this.connections.delete(conn);
      handlers.onclose();
    }
  }
}

/**
 * Mutation testing only (npm run mutation): Stryker makes a mutant active by setting
 * globalThis.__stryker__.activeMutant in this process, but the instrumented lesson
 * runs in the host. Stryker's instrumented code also reads the active mutant from
 * this environment variable, so the host gets it there. Empty when grading.
 */
function strykerMutant(): { __STRYKER_ACTIVE_MUTANT__?: string } {
  const active = (globalThis as { __stryker__?: { activeMutant?: unknown } }).__stryker__?.activeMutant;
  return active === undefined ? {} : { __STRYKER_ACTIVE_MUTANT__: String(active) };
}

/** What a fake dependency returned, as the host can rebuild it (a Response included). */
async function toWire(value: unknown): Promise<unknown> {
  if (value instanceof Response) {
    return { $response: { status: value.status, statusText: value.statusText, headers: [...value.headers], body: await value.text() } };
  }
  return value === undefined ? null : value;
}

function describeBuildFailure(shown: string, message: string): LessonLoadError {
  if (/Could not resolve/.test(message)) {
    return new LessonLoadError(
      `${shown} imports something that does not exist:\n${message}\n` +
        '(imports of the SDK need the .js suffix, e.g. "@modelcontextprotocol/sdk/server/mcp.js")',
    );
  }
  if (/outside its lesson folder/.test(message)) return new LessonLoadError(`${shown} ${message.replace(/^[^:]*:\d+:\d+: /, "")}`);
  return new LessonLoadError(`${shown} does not compile:\n${message}`);
}
