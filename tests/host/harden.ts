// Runs before any student code: takes away what the permission model leaves a
// process that it must not have here, and reports how the process ends.
import { syncBuiltinESMExports } from "node:module";
import traceEvents from "node:trace_events";
import type { Peer } from "./peer.js";

export function harden(peer: Peer): void {
  const processWithInternals = process as unknown as Record<string, unknown>;
  // The permission model does not stop signals: without these, code under grading
  // could kill its grader (process.kill(process.ppid)) or every process of the user.
  for (const name of ["kill", "_kill", "_getActiveHandles", "_getActiveRequests"]) delete processWithInternals[name];

  // Node 20's permission model lets trace_events write a log file into the current folder.
  (traceEvents as { createTracing: unknown }).createTracing = () => {
    throw Object.assign(new Error("Access to this API has been restricted"), { code: "ERR_ACCESS_DENIED" });
  };
  syncBuiltinESMExports();

  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    // Written at once: the process ends before an asynchronous write would leave.
    try {
      peer.writeNow(`${JSON.stringify({ t: "exit", code: String(code ?? process.exitCode ?? 0) })}\n`);
    } catch {
      // The harness is gone; nothing to tell.
    }
    return exit(code as number);
  }) as typeof process.exit;

  // A real server would die here; the host keeps serving so the other tests still
  // run, and shows the student what went wrong under the test that was running.
  process.on("uncaughtException", (error) => console.error("Uncaught exception:", error));
  process.on("unhandledRejection", (reason) => console.error("Unhandled promise rejection:", reason));

  // No network while grading: the harness answers every fetch with its fakes.
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const reply = await peer.call(-1, [url, { method: init?.method ?? "GET" }]);
    return peer.revive(reply) as Response;
  };
}
