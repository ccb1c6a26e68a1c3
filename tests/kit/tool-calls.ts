// What every kit client does with a tool call: normalise its result, and turn a
// call that never answers into a LessonHangError naming the file to look in.
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";

export interface ToolOutcome {
  result: CallToolResult;
  /** The text blocks of the result, joined with newlines. */
  text: string;
  isError: boolean;
  structured: Record<string, unknown> | undefined;
  /** Progress notifications received for this call, in order (only when asked for). */
  progress: Progress[];
}

/** A tool call that never answered: the grader reports the lesson as `error`. */
export class LessonHangError extends Error {
  override name = "LessonHangError";
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

/** How long a tool call may take before it counts as hung (COURSE_CALL_TIMEOUT_MS, default 1 s). */
export function defaultCallTimeout(): number {
  const configured = Number(process.env.COURSE_CALL_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 1000;
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

/** Records that `tool` of this lesson file hung, and says where to look. */
export function hangOf(file: string, tool: string, timeoutMs: number): LessonHangError {
  hungCalls.set(file, tool);
  return new LessonHangError(
    `${tool} never answered (waited ${timeoutMs} ms). Look in ${file} for a promise that never settles: ` +
      `a missing return, an await on something that never resolves, or a retry loop with no end.`,
  );
}
