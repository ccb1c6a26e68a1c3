// The grader's terminal report: one block per lesson, the first failure with its
// hint (and, with --trace, its MCP exchange), the other failing tests by name,
// type warnings, then the score and the lesson to work on next.
import { Chalk, type ChalkInstance } from "chalk";
import type { Lesson } from "./catalog.js";
import type { GradeResults, LessonResult } from "./results.js";

export interface ReportContext {
  /** What was graded, as shown in the heading ("lessons/", "solutions/", a path). */
  graded: string;
  catalog: Lesson[];
  /** The main file of each lesson, as the student should see it. */
  fileOf: (lesson: Lesson) => string;
  color: boolean;
  /** Show the first failing test's MCP exchange (--trace). */
  trace?: boolean;
}

const BAR_WIDTH = 10;
/** Other failing tests named by the report; the rest are counted. */
const OTHERS_SHOWN = 5;

/** The whole report; with `only`, just those lessons' blocks (watch mode), the summary still covering all. */
export function renderReport(results: GradeResults, context: ReportContext, only?: string[]): string {
  const c = new Chalk({ level: context.color ? 1 : 0 });
  const lessons = new Map(context.catalog.map((l) => [l.id, l]));
  const lines = [c.bold(`MCP sampling course · grading ${context.graded}`), ""];
  for (const result of results.lessons) {
    if (!only || only.includes(result.id)) lines.push(...renderLesson(result, lessons.get(result.id)!, context, c), "");
  }
  lines.push(...renderSummary(results, lessons, context, c));
  return lines.join("\n");
}

function renderLesson(result: LessonResult, lesson: Lesson, context: ReportContext, c: ChalkInstance): string[] {
  const mark = { pass: c.green("✔"), fail: c.red("✘"), error: c.magenta("!") }[result.status];
  const filled = result.total === 0 ? 0 : Math.round((result.passed / result.total) * BAR_WIDTH);
  const bar = c.green("█".repeat(filled)) + c.dim("░".repeat(BAR_WIDTH - filled));
  const score = `${result.passed}/${result.total}`.padStart(5);
  const head = `${mark} ${c.bold(lesson.number)}  ${lesson.title}`;
  const lines = [`${head}  ${bar} ${score}${result.status === "error" ? c.magenta("  error") : ""}`];
  if (result.status === "pass") return [...lines, ...renderWarnings(result.warnings ?? [], c)];

  const failing = result.tests.find((t) => t.status !== "pass");
  if (result.status === "fail" && failing) lines.push(`    ${c.red("✘")} ${failing.name}`);
  if (result.message) lines.push(...indent(result.message, result.status === "fail" ? 6 : 4));
  if (failing?.output) {
    lines.push(c.dim("      Your code printed:"), ...failing.output.trimEnd().split("\n").map((line) => `        ${c.dim(line)}`));
  }
  if (context.trace && failing) lines.push(...renderTrace(failing.trace, c));
  const hint = (failing && lesson.testHints?.[failing.name]) ?? lesson.hints[0];
  if (result.status === "fail" && hint) {
    lines.push(`    ${c.cyan("Hint:")} ${hint}`);
    if (lesson.hints.length > 0) lines.push(c.dim(`    More hints: npm run hint -- ${lesson.number}`));
  }
  if (result.status === "error") lines.push(c.dim(`    Fix this first: the lesson's tests could not run. Edit ${context.fileOf(lesson)}`));
  if (result.status === "fail") lines.push(...renderOthers(result.tests.filter((t) => t.status !== "pass" && t !== failing), c));
  return [...lines, ...renderWarnings(result.warnings ?? [], c)];
}

/** The names of the other failing tests, one line each: where to go once the first passes. */
function renderOthers(others: LessonResult["tests"], c: ChalkInstance): string[] {
  if (others.length === 0) return [];
  const shown = others.slice(0, OTHERS_SHOWN).map((t) => c.dim(`      ✘ ${t.name}`));
  const rest = others.length - OTHERS_SHOWN;
  return [c.dim(`    Also failing (${others.length}):`), ...shown, ...(rest > 0 ? [c.dim(`      … and ${rest} more`)] : [])];
}

function renderTrace(trace: string[] | undefined, c: ChalkInstance): string[] {
  if (!trace || trace.length === 0) return [c.dim("      MCP exchange: none (the test sent no MCP message to your code)")];
  return [c.dim("      MCP exchange (→ to your code, ← from it):"), ...trace.map((line) => `        ${c.dim(line)}`)];
}

/** Type errors are shown, not graded: the tests judge what the code does. */
function renderWarnings(warnings: string[], c: ChalkInstance): string[] {
  if (warnings.length === 0) return [];
  return [c.yellow("    TypeScript warnings (not graded):"), ...warnings.map((w) => `      ${c.yellow("⚠")} ${w}`)];
}

function renderSummary(results: GradeResults, lessons: Map<string, Lesson>, context: ReportContext, c: ChalkInstance): string[] {
  const complete = results.lessons.filter((l) => l.status === "pass").length;
  const lines = [
    `${c.bold("Score:")} ${results.score}/${results.max_score} tests · ${complete} of ${results.lessons.length} lessons complete`,
  ];
  const next = results.lessons.find((l) => l.status !== "pass");
  if (!next) {
    lines.push(c.green("Every graded lesson passes."));
    return lines;
  }
  const lesson = lessons.get(next.id)!;
  const file = context.fileOf(lesson);
  const readme = file.replace(/[^/\\]+$/, "README.md");
  lines.push(
    `${c.bold("Next:")} lesson ${lesson.number}, ${lesson.title}.`,
    `      Read ${readme}, edit ${file}, then run: npm run grade -- ${lesson.number}`,
  );
  return lines;
}

function indent(text: string, spaces: number): string[] {
  return text.split("\n").map((line) => " ".repeat(spaces) + line);
}
