/// <reference lib="dom" />
// The script of report.html, bundled into the page: opens the drill-down a link
// points at, and draws the side-by-side diff of the two submissions picked.
// Every text it shows goes in through textContent, never as markup.
import { DATA_ELEMENT_ID, REFERENCE, type PageData } from "./page-data.js";
import { foldUnchanged, sideBySide, type DiffCell, type DiffRow } from "./side-by-side.js";

const data = JSON.parse(document.getElementById(DATA_ELEMENT_ID)!.textContent!) as PageData;
const lessonPicker = document.getElementById("diff-lesson") as HTMLSelectElement;
const leftPicker = document.getElementById("diff-left") as HTMLSelectElement;
const rightPicker = document.getElementById("diff-right") as HTMLSelectElement;
const output = document.getElementById("diff-output")!;

function openTarget(): void {
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  for (let node = target; node; node = node.parentElement) if (node instanceof HTMLDetailsElement) node.open = true;
  target?.scrollIntoView();
}

function sourcesOf(side: string, lesson: number) {
  return side === REFERENCE ? data.reference[lesson]! : data.sources[Number(side)]![lesson]!;
}

function element(tag: string, className: string, text = ""): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function cells(row: HTMLTableRowElement, cell: DiffCell | undefined, kind: string): void {
  row.append(element("td", "line-number", cell ? String(cell.line) : ""));
  row.append(element("td", cell ? `code ${kind}` : "code empty", cell?.text ?? ""));
}

function diffRow(row: DiffRow): HTMLTableRowElement {
  const tr = document.createElement("tr");
  cells(tr, row.left, row.kind === "same" ? "same" : "removed");
  cells(tr, row.right, row.kind === "same" ? "same" : "added");
  return tr;
}

function drawDiff(): void {
  const lesson = Number(lessonPicker.value);
  const left = sourcesOf(leftPicker.value, lesson);
  const right = sourcesOf(rightPicker.value, lesson);
  output.replaceChildren();
  for (const file of data.lessons[lesson]!.files) {
    output.append(element("h4", "diff-file", file));
    if (left[file] === undefined || right[file] === undefined) output.append(element("p", "note", "(missing on one side)"));
    const table = element("table", "diff");
    for (const row of foldUnchanged(sideBySide(left[file] ?? "", right[file] ?? ""))) {
      if (row.kind !== "folded") {
        table.append(diffRow(row));
        continue;
      }
      const fold = document.createElement("tr");
      const cell = element("td", "fold");
      (cell as HTMLTableCellElement).colSpan = 4;
      const unfold = element("button", "unfold", `⋯ ${row.rows.length} unchanged lines`);
      unfold.addEventListener("click", () => fold.replaceWith(...row.rows.map(diffRow)));
      cell.append(unfold);
      fold.append(cell);
      table.append(fold);
    }
    output.append(table);
  }
}

// Buttons anywhere in the page carry data-diff="<lesson index> <left> <right>".
document.addEventListener("click", (event) => {
  const button = (event.target as Element).closest<HTMLElement>("[data-diff]");
  if (!button) return;
  [lessonPicker.value, leftPicker.value, rightPicker.value] = button.dataset.diff!.split(" ") as [string, string, string];
  drawDiff();
  document.getElementById("side-by-side")!.scrollIntoView();
});
for (const picker of [lessonPicker, leftPicker, rightPicker]) picker.addEventListener("change", drawDiff);
window.addEventListener("hashchange", openTarget);
openTarget();
drawDiff();
