// Runs inside each vitest worker, before every graded test file. A student's
// `while (true) {}` blocks the worker's event loop, so no timer there can fire;
// a separate thread can. When a lesson's file outlives its time limit, the
// thread leaves a marker naming the lesson and kills the worker process; the
// grader reports that lesson as `error` and re-runs any lesson the kill cut short.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, expect } from "vitest";
import { WATCHDOG_ENV, markerFile } from "./watchdog-protocol.js";

const runDir = process.env[WATCHDOG_ENV.runDir];
const limitMs = Number(process.env[WATCHDOG_ENV.timeLimitMs]);

const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { writeFileSync } = require("node:fs");
let timer;
parentPort.on("message", (message) => {
  clearTimeout(timer);
  if (message.type !== "start") return;
  timer = setTimeout(() => {
    writeFileSync(message.marker, String(message.limitMs));
    process.kill(workerData.pid, "SIGKILL");
  }, message.limitMs);
});
`;

// Kept on globalThis: with shared workers this file is evaluated again for
// every test file, but the thread and the process.exit guard are per process.
interface Guard {
  thread: Worker;
  lesson: string;
}
const holder = globalThis as typeof globalThis & { __courseGuard?: Guard };

function guard(dir: string): Guard {
  if (holder.__courseGuard) return holder.__courseGuard;
  const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { pid: process.pid } });
  thread.unref();
  const created: Guard = { thread, lesson: "" };
  // vitest already turns process.exit into a throw; inside a tool handler the SDK
  // would turn that throw into an ordinary error result, so record the call too.
  const vitestExit = process.exit;
  process.exit = ((code?: number | string | null) => {
    writeFileSync(path.join(dir, markerFile("exit", created.lesson)), String(code ?? 0));
    return vitestExit(code);
  }) as typeof process.exit;
  holder.__courseGuard = created;
  return created;
}

if (runDir && limitMs > 0) {
  const current = guard(runDir);
  current.lesson = path.basename(expect.getState().testPath ?? "unknown", ".test.ts");
  // Armed before the test file imports the student's code: a hang at import time counts too.
  current.thread.postMessage({ type: "start", marker: path.join(runDir, markerFile("hung", current.lesson)), limitMs });
  afterAll(() => {
    current.thread.postMessage({ type: "stop" });
  });
}
