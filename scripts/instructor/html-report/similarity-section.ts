// Per lesson, the most alike pairs of submissions as Dolos measured them, each
// with a button that puts the two side by side.
import { referenceLabel, type SimilarPair } from "../similarity.js";
import { escapeHtml } from "./escape.js";
import { REFERENCE } from "./page-data.js";
import { lessonHeading, type ReportInput } from "./report-input.js";

const PAIRS_SHOWN = 10;

export function similaritySection(input: ReportInput, similarity: SimilarPair[][]): string {
  const index = new Map([...input.outcomes.keys()].map((student, s) => [student, String(s)]));
  const lessons = input.lessons.map((lesson, l) => {
    const side = (name: string) => (name === referenceLabel(lesson) ? REFERENCE : index.get(name)!);
    const label = (name: string) => (name === referenceLabel(lesson) ? `<span class="reference-label">reference solution</span>` : escapeHtml(name));
    const rows = similarity[l]!.slice(0, PAIRS_SHOWN).map(
      (pair) =>
        `<tr><td class="percent">${Math.round(pair.similarity * 100)}%</td><td>${pair.identical ? `<span class="identical">identical</span>` : ""}</td><td>${label(pair.a)}</td><td>${label(pair.b)}</td>` +
        `<td><button type="button" data-diff="${l} ${side(pair.a)} ${side(pair.b)}">side by side</button></td></tr>`,
    );
    return `<h3>${escapeHtml(lessonHeading(lesson))}</h3>
${rows.length ? `<table class="pairs" data-lesson="${escapeHtml(lesson.id)}"><tbody>${rows.join("\n")}</tbody></table>` : `<p class="note">No two submissions share code beyond the starter.</p>`}`;
  });
  return `<section id="similarity">
<h2>Similar submissions</h2>
<p class="note">Computed by Dolos (winnowing over syntax-tree tokens: renaming variables does not hide a copy). The starter is left out, so shared boilerplate does not count; the reference solution takes part, so copies of it stand out. Files the same but for blank space are marked identical and listed first (Dolos may score them below 100%). A high score is a reason to look, not proof.</p>
${lessons.join("\n")}
</section>`;
}
