// npm run classroom-result -- <results.json>: prints `result=<base64>` for the
// GitHub Classroom reporter (append it to $GITHUB_OUTPUT in the workflow).
import { readFileSync } from "node:fs";
import { parseCommandLine, runCommand, UsageError } from "./cli/usage.js";
import type { GradeResults } from "./grader/results.js";
import { classroomResult, encodeForReporter } from "./instructor/classroom-result.js";

const USAGE = `Usage: npm run --silent classroom-result -- <results.json>

Turns npm run grade's results JSON into the GitHub Classroom reporter's format.`;

await runCommand(USAGE, async () => {
  const [file, ...rest] = parseCommandLine({}).positionals;
  if (!file || rest.length > 0) throw new UsageError("name one results JSON file (from npm run grade -- --out <file>)");
  let results: GradeResults;
  try {
    results = JSON.parse(readFileSync(file, "utf8")) as GradeResults;
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  console.log(`result=${encodeForReporter(classroomResult(results))}`);
  return 0;
});
