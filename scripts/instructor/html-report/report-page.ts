// report.html: the class report as one self-contained page (inline style, data
// and script; no network), readable offline and attachable to an e-mail. Its
// Content-Security-Policy lets only the page's own script run and load nothing,
// a second wall behind the escaping.
import { createHash } from "node:crypto";
import { diffSection } from "./diff-section.js";
import { escapeHtml, jsonForScript } from "./escape.js";
import { failuresSection } from "./failures-section.js";
import { heatmapSection } from "./heatmap.js";
import { pageScript } from "./page-bundle.js";
import { DATA_ELEMENT_ID, type PageData } from "./page-data.js";
import type { ReportInput } from "./report-input.js";
import { similaritySection } from "./similarity-section.js";
import { studentSection } from "./student-section.js";
import { STYLES } from "./styles.js";

export async function reportPage(input: ReportInput, generatedAt: Date = new Date()): Promise<string> {
  const script = await pageScript();
  if (/<\/script|<!--/i.test(script)) throw new Error("the bundled page script contains </script or <!--; it cannot be inlined");
  const hash = createHash("sha256").update(script).digest("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'`;
  const data: PageData = {
    lessons: input.lessons.map((l) => ({ id: l.id, files: l.files })),
    sources: [...input.outcomes.keys()].map((student) => input.sources.get(student) ?? input.lessons.map(() => ({}))),
    reference: input.reference,
  };
  const lessons = input.lessons.map((l) => l.number).join(", ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class report</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>Class report</h1>
<p class="meta">${input.outcomes.size} submissions · lessons ${escapeHtml(lessons)} · generated ${escapeHtml(generatedAt.toISOString().slice(0, 16).replace("T", " "))} UTC</p>
<nav><a href="#heatmap">Heatmap</a><a href="#failures">What the class got wrong</a>${input.similarity ? `<a href="#similarity">Similar submissions</a>` : ""}<a href="#side-by-side">Side by side</a><a href="#students">Students</a></nav>
</header>
<div class="overview">
${heatmapSection(input)}
${failuresSection(input)}
</div>
${input.similarity ? similaritySection(input, input.similarity) : ""}
${diffSection(input)}
${studentSection(input)}
<script type="application/json" id="${DATA_ELEMENT_ID}">${jsonForScript(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
