// Failure messages a student can act on: what went wrong, what was expected,
// what arrived, and which file to open. Graded tests throw these instead of
// bare expect() diffs so the grader can print them as they are.
import { inspect } from "node:util";
import { readableSdkError, undoubled } from "./sdk-errors.js";

export class Mistake extends Error {
  override name = "Mistake";
}

export interface MistakeReport {
  /** One sentence naming the mistake, e.g. "summarize sent no systemPrompt". */
  problem: string;
  expected?: string;
  received?: unknown;
  /** The file to edit, as shown to the student. */
  file: string;
  /** Optional next step, more specific than the lesson's hints. */
  fix?: string;
}

export function mistake(report: MistakeReport): Mistake {
  const lines = [report.problem];
  if (report.expected !== undefined) lines.push(`  expected: ${report.expected}`);
  if ("received" in report) lines.push(`  received: ${show(report.received)}`);
  if (report.fix) lines.push(`  fix:      ${report.fix}`);
  lines.push(`  edit:     ${report.file}`);
  return new Mistake(lines.join("\n"));
}

/** Throws a Mistake unless `condition` holds. */
export function demand(condition: unknown, report: MistakeReport): asserts condition {
  if (!condition) throw mistake(report);
}

/** A short, single-line rendering of any value for a failure message. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    // An SDK error the student's code passed on: one prefix, zod's issues on one line (other text is left as it is).
    const readable = readableSdkError(value);
    return readable.length > 160 ? JSON.stringify(`${readable.slice(0, 160)}…`) : JSON.stringify(readable);
  }
  return undoubled(inspect(value, { depth: 3, breakLength: Infinity, maxStringLength: 120, maxArrayLength: 6 }));
}
