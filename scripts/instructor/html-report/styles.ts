// report.html's stylesheet, inline: the report is one file, readable offline.
export const STYLES = `
:root { --fg: #1d232b; --muted: #5b6573; --line: #d9dee5; --bg-soft: #f5f7fa; --accent: #2657a6; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem 2rem 4rem; line-height: 1.45; }
h1 { margin: 0 0 .2rem; font-size: 1.6rem; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); padding-bottom: .3rem; font-size: 1.25rem; }
h3 { font-size: 1.02rem; margin: 1.4rem 0 .4rem; }
a { color: var(--accent); }
.meta, .note, .legend { color: var(--muted); font-size: .9rem; }
nav { display: flex; gap: 1.2rem; font-size: .95rem; margin-top: .6rem; }
table { border-collapse: collapse; }
/* The heatmap and what the class got wrong side by side: the whole class on one screen. */
.overview { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0 2.5rem; align-items: start; }
@media (max-width: 900px) { .overview { grid-template-columns: minmax(0, 1fr); } }
#heatmap { min-width: 22rem; }
/* As wide as the table, whatever the legend's length. */
#heatmap .legend { width: 0; min-width: 100%; }
.heatmap th, .heatmap td { border: 1px solid #fff; padding: .25rem .55rem; text-align: center; font-variant-numeric: tabular-nums; font-size: .9rem; }
.heatmap thead th { background: var(--bg-soft); }
.heatmap th[scope=row] { text-align: left; font-weight: 500; background: var(--bg-soft); max-width: 16rem; overflow-wrap: anywhere; }
.heatmap td a { color: inherit; text-decoration: none; display: block; }
.heatmap td.error { background: repeating-linear-gradient(135deg, #7a1f1f 0 6px, #962b2b 6px 12px); color: #fff; font-weight: 600; }
.heatmap td.missing { background: #eceff3; color: var(--muted); }
.heatmap td.total { background: #fff; font-weight: 600; }
.swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: -2px; margin: 0 .25rem 0 .6rem; border-radius: 2px; }
.failures { padding-left: 0; list-style: none; margin: .2rem 0 .8rem; }
.failures li { display: grid; grid-template-columns: 2.6rem 1fr; gap: .1rem .7rem; padding: .45rem 0; border-bottom: 1px solid var(--line); }
.failures .count { grid-row: span 3; font-size: 1.3rem; font-weight: 700; text-align: right; color: #962b2b; }
.failures .test { font-weight: 600; }
.failures .headline { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.failures .who { font-size: .85rem; color: var(--muted); overflow-wrap: anywhere; }
.pairs td, .pairs th { padding: .2rem .7rem; border-bottom: 1px solid var(--line); text-align: left; font-size: .9rem; overflow-wrap: anywhere; }
.pairs .percent { font-weight: 700; font-variant-numeric: tabular-nums; text-align: right; }
.identical { font-size: .75rem; font-weight: 600; color: #fff; background: #962b2b; border-radius: 3px; padding: .05rem .35rem; }
.reference-label { font-style: italic; color: #6a3fa0; }
button { font: inherit; font-size: .85rem; padding: .15rem .6rem; border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 4px; cursor: pointer; }
button:hover { background: #eef3fb; }
.pickers { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin-bottom: .6rem; }
select { font: inherit; font-size: .9rem; max-width: 18rem; }
.diff-file { font-family: ui-monospace, Menlo, Consolas, monospace; margin: .8rem 0 .3rem; }
table.diff { width: 100%; table-layout: fixed; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; border: 1px solid var(--line); }
table.diff td { padding: 0 .4rem; white-space: pre-wrap; overflow-wrap: anywhere; vertical-align: top; }
table.diff td.line-number { width: 2.6rem; text-align: right; color: var(--muted); background: var(--bg-soft); user-select: none; }
table.diff td.removed { background: #fde8e8; }
table.diff td.added { background: #e3f6e5; }
table.diff td.empty { background: #f4f4f4; }
table.diff td.fold { background: #eef3fb; text-align: center; padding: .1rem; }
table.diff td.fold button { border: 0; background: transparent; font-size: .8rem; }
details.student { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; padding: .3rem .8rem; }
details.student > summary { cursor: pointer; font-weight: 600; overflow-wrap: anywhere; }
details.student > summary .score { font-weight: 400; color: var(--muted); margin-left: .6rem; }
.lesson.status-pass h3 { color: #1f7a3a; }
.lesson.status-error h3 { color: #962b2b; }
.tests { list-style: none; padding-left: 0; }
.tests li { margin: .5rem 0 .9rem; }
.test-name { font-weight: 600; }
.label { font-size: .8rem; color: var(--muted); margin-top: .3rem; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 4px; padding: .5rem .7rem; margin: .2rem 0; font-size: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.output { background: #fffbea; }
pre.trace { background: #f1f0fb; }
.failure { color: #962b2b; }
`;
