// Two texts as the rows of a side-by-side diff: unchanged lines face each other,
// and in a changed block the removed lines face the added ones, row by row.
// Runs in the report's page (bundled) and in the course's tests.
import { diffLines } from "diff";

export interface DiffCell {
  /** 1-based line number in its own text. */
  line: number;
  text: string;
}

export interface DiffRow {
  kind: "same" | "changed";
  left?: DiffCell;
  right?: DiffCell;
}

export function sideBySide(left: string, right: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let leftLine = 0;
  let rightLine = 0;
  let removed: string[] = [];
  const cell = (text: string, line: number): DiffCell => ({ line, text });
  const flush = (added: string[]) => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      rows.push({
        kind: "changed",
        ...(i < removed.length ? { left: cell(removed[i]!, ++leftLine) } : {}),
        ...(i < added.length ? { right: cell(added[i]!, ++rightLine) } : {}),
      });
    }
    removed = [];
  };
  for (const change of diffLines(left, right)) {
    const lines = splitLines(change.value);
    if (change.removed) {
      removed.push(...lines);
    } else if (change.added) {
      flush(lines);
    } else {
      flush([]);
      for (const text of lines) rows.push({ kind: "same", left: cell(text, ++leftLine), right: cell(text, ++rightLine) });
    }
  }
  flush([]);
  return rows;
}

function splitLines(value: string): string[] {
  const lines = value.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export interface FoldedRows {
  kind: "folded";
  rows: DiffRow[];
}

/** Long runs of unchanged rows folded away, `context` rows kept next to each change: the differences are what an instructor reads. */
export function foldUnchanged(rows: DiffRow[], context = 3): Array<DiffRow | FoldedRows> {
  const result: Array<DiffRow | FoldedRows> = [];
  for (let start = 0; start < rows.length; ) {
    let end = start;
    while (end < rows.length && rows[end]!.kind === "same") end++;
    // The run rows[start, end) is unchanged; keep context after the previous change and before the next.
    const keepFrom = start === 0 ? 0 : start + context;
    const keepUntil = end === rows.length ? end : end - context;
    if (end - start > 0 && keepUntil - keepFrom > 1) {
      result.push(...rows.slice(start, keepFrom), { kind: "folded", rows: rows.slice(keepFrom, keepUntil) }, ...rows.slice(keepUntil, end));
    } else {
      result.push(...rows.slice(start, end));
    }
    while (end < rows.length && rows[end]!.kind === "changed") result.push(rows[end++]!);
    start = end;
  }
  return result;
}
