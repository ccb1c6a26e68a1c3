// What every kit client does with a tool call: normalise its result, and turn a
// call that never answers into a LessonHangError naming the file to look in.
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import { LessonHangError } from "./lesson-errors.js";
import type { LessonHost } from "./lesson-host.js";

export interface ToolOutcome {
  result: CallToolResult;
  /** The text blocks of the result, joined with newlines. */
  text: string;
  isError: boolean;
  structured: Record<string, unknown> | undefined;
  /** Progress notifications received for this call, in order (only when asked for). */
  progress: Progress[];
}

export function toOutcome(result: CallToolResult, progress: Progress[] = []): ToolOutcome {
  const text = (result.content ?? [])
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("\n");
  return {
    result,
    text,
    isError: result.isError === true,
    structured: result.structuredContent as Record<string, unknown> | undefined,
    progress,
  };
}

/**
 * How long a tool call may take before it counts as hung (COURSE_CALL_TIMEOUT_MS,
 * default 2 s). A call crosses into the lesson's process and back, and a busy
 * machine (a class graded on every core) must not turn a slow answer into a hang.
 */
export function defaultCallTimeout(): number {
  const configured = Number(process.env.COURSE_CALL_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 2000;
}

// Once a call to a lesson has hung, later calls to it fail at once instead of each
// waiting out its own timeout. Keyed by lesson file: the grader's workers run
// several lessons and share this module.
const hungCalls = new Map<string, string>();

/** Throws at once when an earlier call to this lesson file hung. */
export function demandNotHung(file: string): void {
  const hung = hungCalls.get(file);
  if (hung) throw new LessonHangError(`not run: an earlier call (${hung}) never answered, so this one would hang too.`);
}

/** How long a host that is merely waiting takes to answer a ping; one that is spinning never does. */
const PING_MS = 500;

/**
 * Records that `tool` of this lesson file hung, and says where to look: a host
 * that still answers is waiting on a promise that never settles, one that does
 * not is stuck in a loop. Either way the host is stopped.
 */
export async function hangOf(file: string, tool: string, timeoutMs: number, host?: LessonHost): Promise<LessonHangError> {
  hungCalls.set(file, tool);
  const during = expect.getState().currentTestName;
  const where = `${tool} never answered (waited ${timeoutMs} ms${during ? ` in the test "${during}"` : ""}).`;
  const busy = host ? !(await host.responds(PING_MS)) : false;
  const hang = new LessonHangError(
    busy
      ? `${where} The lesson's process was busy the whole time: look in ${file} for a loop that never ends ` +
          "(a while or for whose condition never turns false), in the tool or in something it calls."
      : `${where} Look in ${file} for a promise that never settles: ` +
          "a missing return, an await on something that never resolves, or a retry loop with no end.",
  );
  host?.stop(hang);
  return hang;
}
