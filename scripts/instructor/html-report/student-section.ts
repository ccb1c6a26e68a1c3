// Per student, a drill-down: per lesson, each test that did not pass with its
// message, what the code printed, and the conversation's trace where the grader
// recorded one.
import type { LessonResult, TestResult } from "../../grader/results.js";
import { escapeHtml } from "./escape.js";
import { REFERENCE } from "./page-data.js";
import { lessonHeading, studentAnchor, type ReportInput } from "./report-input.js";

export function studentSection({ lessons, outcomes }: ReportInput): string {
  const students = [...outcomes].map(([student, outcome], s) => {
    const score = outcome.results ? `${outcome.results.score}/${outcome.results.max_score} tests` : "not graded";
    const body = outcome.results
      ? lessons.map((lesson, l) => {
          const result = outcome.results!.lessons.find((r) => r.id === lesson.id);
          const heading = `<h3>${escapeHtml(lessonHeading(lesson))}${result ? ` — ${result.passed}/${result.total} (${result.status})` : " — not graded"}</h3>`;
          const compare = `<button type="button" data-diff="${l} ${s} ${REFERENCE}">side by side with the reference</button>`;
          return `<section class="lesson status-${result?.status ?? "missing"}" id="${studentAnchor(s, l)}">${heading}${compare}${result ? lessonDetail(result) : ""}</section>`;
        })
      : [`<p class="failure">${escapeHtml(outcome.failure ?? "not graded")}</p>`];
    return `<details class="student" id="${studentAnchor(s)}"><summary>${escapeHtml(student)}<span class="score">${escapeHtml(score)}</span></summary>
${body.join("\n")}
</details>`;
  });
  return `<section id="students">
<h2>Students</h2>
${students.join("\n")}
</section>`;
}

function lessonDetail(result: LessonResult): string {
  const notPassing = result.tests.filter((t) => t.status !== "pass");
  const message = result.status === "error" && result.message ? `<pre class="message">${escapeHtml(result.message)}</pre>` : "";
  const passing = result.passed ? `<p class="note">${result.passed} test${result.passed === 1 ? "" : "s"} pass.</p>` : "";
  return `${message}${notPassing.length ? `<ul class="tests">${notPassing.map(testDetail).join("\n")}</ul>` : ""}${passing}`;
}

function testDetail(test: TestResult): string {
  const parts = [`<div class="test-name">${test.status === "error" ? "⚠" : "✗"} ${escapeHtml(test.name)}</div>`];
  if (test.message) parts.push(`<pre class="message">${escapeHtml(test.message)}</pre>`);
  if (test.output) parts.push(`<div class="label">printed by the code</div><pre class="output">${escapeHtml(test.output)}</pre>`);
  const trace = traceOf(test);
  if (trace) parts.push(`<div class="label">trace</div><pre class="trace">${escapeHtml(trace.join("\n"))}</pre>`);
  return `<li>${parts.join("")}</li>`;
}

/** The grader may add `trace` (lines of the conversation) to a test; shown when it is there. */
function traceOf(test: TestResult): string[] | undefined {
  const trace = (test as TestResult & { trace?: unknown }).trace;
  return Array.isArray(trace) ? trace.map(String) : undefined;
}
