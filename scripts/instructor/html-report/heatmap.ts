// Students × lessons, coloured by the share of tests passed: a class of thirty
// at a glance. Lessons that could not run are hatched and say "error".
import { escapeHtml } from "./escape.js";
import { studentAnchor, type ReportInput } from "./report-input.js";

export function heatmapSection({ lessons, outcomes }: ReportInput): string {
  const head = lessons.map((l) => `<th title="${escapeHtml(l.title)}">${escapeHtml(l.number)}</th>`).join("");
  const rows = [...outcomes].map(([student, outcome], s) => {
    const byId = new Map(outcome.results?.lessons.map((l) => [l.id, l]));
    const cells = lessons.map((lesson, l) => {
      const link = (text: string) => `<a href="#${studentAnchor(s, l)}">${text}</a>`;
      // No results: the drill-down has only the reason, so the cell links to it.
      if (!outcome.results) return `<td class="error" title="${escapeHtml(outcome.failure ?? "not graded")}"><a href="#${studentAnchor(s)}">error</a></td>`;
      const result = byId.get(lesson.id);
      if (!result) return `<td class="missing">-</td>`;
      const title = escapeHtml(`${result.passed}/${result.total} tests pass${result.message ? `: ${result.message.split("\n")[0]}` : ""}`);
      if (result.status === "error") return `<td class="error" title="${title}">${link("error")}</td>`;
      return `<td style="background:${shade(result.total ? result.passed / result.total : 0)}" title="${title}">${link(`${result.passed}/${result.total}`)}</td>`;
    });
    const total = outcome.results ? `${outcome.results.score}/${outcome.results.max_score}` : "-";
    return `<tr><th scope="row"><a href="#${studentAnchor(s)}">${escapeHtml(student)}</a></th>${cells.join("")}<td class="total">${total}</td></tr>`;
  });
  const legend = [0, 0.5, 0.9, 1].map((f) => `<span class="swatch" style="background:${shade(f)}"></span>${f * 100}%`).join("");
  return `<section id="heatmap">
<h2>Heatmap</h2>
<p class="legend">Tests passed${legend}<span class="swatch" style="background:#962b2b"></span>error (the code could not be loaded, or was stopped). A cell opens that student's results.</p>
<table class="heatmap"><thead><tr><th>student</th>${head}<th>total</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
</section>`;
}

/** Green only when every test passes; short of that, red (none) through amber, so one failing test still shows. */
function shade(fraction: number): string {
  return fraction === 1 ? "hsl(130 52% 70%)" : `hsl(${Math.round(fraction * 50)} 85% 78%)`;
}
