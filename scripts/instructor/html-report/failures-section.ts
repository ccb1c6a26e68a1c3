// Per lesson, the class's most common first failures: what to re-teach.
import { commonFirstFailures } from "../common-failures.js";
import { escapeHtml } from "./escape.js";
import { lessonHeading, studentAnchor, type ReportInput } from "./report-input.js";

export function failuresSection(input: ReportInput): string {
  const index = new Map([...input.outcomes.keys()].map((student, s) => [student, s]));
  const lessons = input.lessons.map((lesson, l) => {
    const failures = commonFirstFailures(lesson, input.outcomes);
    const passed = [...input.outcomes.values()].filter((o) => o.results?.lessons.some((r) => r.id === lesson.id && r.status === "pass")).length;
    const items = failures.map((failure) => {
      const who = failure.students.map((student) => `<a href="#${studentAnchor(index.get(student)!, l)}">${escapeHtml(student)}</a>`).join(", ");
      return `<li data-count="${failure.students.length}"><span class="count">${failure.students.length}</span><span class="test">${escapeHtml(failure.test)}</span><span class="headline">${escapeHtml(failure.headline)}</span><span class="who">${who}</span></li>`;
    });
    return `<div class="lesson-failures" data-lesson="${escapeHtml(lesson.id)}">
<h3>${escapeHtml(lessonHeading(lesson))}</h3>
<p class="note">${passed} of ${input.outcomes.size} pass this lesson.</p>
${items.length ? `<ol class="failures">${items.join("\n")}</ol>` : ""}
</div>`;
  });
  return `<section id="failures">
<h2>What the class got wrong</h2>
<p class="note">Each student's first failing test in a lesson (later failures often follow from it), grouped by test and message, most common first.</p>
${lessons.join("\n")}
</section>`;
}
