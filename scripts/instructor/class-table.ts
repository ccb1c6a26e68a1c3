// The class table: one row per student, one column per lesson, as Markdown and CSV.
import type { Lesson } from "../grader/catalog.js";
import type { SubmissionOutcome } from "./grade-submission.js";

export interface Row {
  student: string;
  cells: string[];
  total: string;
  errors: string;
}

export function classRows(lessons: Lesson[], outcomes: Map<string, SubmissionOutcome>): Row[] {
  return [...outcomes].map(([student, outcome]) => {
    if (!outcome.results) {
      return { student, cells: lessons.map(() => "error"), total: "0", errors: outcome.failure ?? "not graded" };
    }
    const byId = new Map(outcome.results.lessons.map((l) => [l.id, l]));
    const cells = lessons.map((lesson) => {
      const result = byId.get(lesson.id);
      if (!result) return "-";
      return result.status === "error" ? "error" : `${result.passed}/${result.total}`;
    });
    const inError = outcome.results.lessons.filter((l) => l.status === "error").map((l) => l.id.slice(0, 2));
    return {
      student,
      cells,
      total: `${outcome.results.score}/${outcome.results.max_score}`,
      errors: inError.join(" "),
    };
  });
}

export function toMarkdown(lessons: Lesson[], rows: Row[]): string {
  const head = ["student", ...lessons.map((l) => l.number), "total", "lessons in error"];
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map((r) => line([r.student, ...r.cells, r.total, r.errors]))].join("\n");
}

export function toCsv(lessons: Lesson[], rows: Row[]): string {
  const head = ["student", ...lessons.map((l) => l.id), "total", "lessons_in_error"];
  return csv([head, ...rows.map((r) => [r.student, ...r.cells, r.total, r.errors])]);
}

export function csv(lines: string[][]): string {
  return lines.map((cells) => cells.map(csvField).join(",")).join("\n");
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (a student can name a folder
 * "=HYPERLINK(...)"): a leading ' keeps it text (OWASP's advice). A lone "-" and
 * numbers stay as they are.
 */
function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) && value !== "-" && !/^[-+]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
