// The side-by-side picker: any two submissions of a lesson, or one and the
// reference solution. The page's script draws the diff from the embedded files.
import { escapeHtml } from "./escape.js";
import { REFERENCE } from "./page-data.js";
import { lessonHeading, type ReportInput } from "./report-input.js";

export function diffSection({ lessons, outcomes }: ReportInput): string {
  const option = (value: string, text: string, selected = false) =>
    `<option value="${value}"${selected ? " selected" : ""}>${escapeHtml(text)}</option>`;
  const sides = (selected: string) =>
    [option(REFERENCE, "reference solution", selected === REFERENCE), ...[...outcomes.keys()].map((student, s) => option(String(s), student, selected === String(s)))].join("");
  return `<section id="side-by-side">
<h2>Side by side</h2>
<div class="pickers">
<label>Lesson <select id="diff-lesson">${lessons.map((l, i) => option(String(i), lessonHeading(l))).join("")}</select></label>
<label>Left <select id="diff-left">${sides("0")}</select></label>
<label>Right <select id="diff-right">${sides(REFERENCE)}</select></label>
</div>
<noscript><p class="note">The diff needs JavaScript; everything else in this report works without it.</p></noscript>
<div id="diff-output"></div>
</section>`;
}
