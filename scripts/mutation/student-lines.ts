// The code students write: the lines of a reference solution that its pristine
// starter (.starters/) does not already have. Mutation scores are measured there,
// not on the scaffolding every student is given.
import { readFileSync } from "node:fs";
import { diffLines } from "diff";

/** Line ranges [first, last] (1-based, inclusive) of `solution` that `starter` lacks. */
export function studentLineRanges(starterFile: string, solutionFile: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let line = 1;
  for (const part of diffLines(readFileSync(starterFile, "utf8"), readFileSync(solutionFile, "utf8"))) {
    if (part.removed) continue;
    const count = part.count ?? 0;
    if (part.added && count > 0) ranges.push([line, line + count - 1]);
    line += count;
  }
  return ranges;
}
