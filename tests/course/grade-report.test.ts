// The report around the first failure: the hint written for that test, the other
// failing tests by name, the MCP exchange with --trace, and type errors shown as
// warnings that never change a verdict.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { readLesson } from "../../scripts/grader/catalog.js";
import { LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import type { GradeResults } from "../../scripts/grader/results.js";
import { copyOfLessons, runGrader } from "./support/run-grader.js";

const FIRST = "01-first-sampling-call";
const SECOND = "02-analyze-code";

test("a starter's report: the failing test's own hint, its MCP exchange with --trace, the other failing tests", async () => {
  const run = await runGrader(["01", "--trace"]);
  expect(run.code).toBe(1);
  const hint = readLesson(LESSONS_DIR, FIRST).testHints!["sends exactly one sampling request per call"]!;
  expect(run.stdout).toContain(`Hint: ${hint}`);
  expect(run.stdout).toMatch(/MCP exchange \(→ to your code, ← from it\):\n\s+→ connect: the client declares \{"sampling":\{\}\}\n\s+→ tools\/call #\d+ summarize \{"text_to_summarize"/);
  expect(run.stdout).toMatch(/← tool result #\d+: isError text "TODO: summarize is not written yet/);
  expect(run.stdout).toMatch(/Also failing \(5\):\n\s+✘ puts the text to summarize in one user message\n\s+✘ gives the model a system prompt/);
  // Only the first failing test's exchange is shown.
  expect(run.stdout.match(/MCP exchange/g)).toHaveLength(1);
});

test("without --trace the exchange stays in the results JSON only", async () => {
  const run = await runGrader(["01"]);
  expect(run.stdout).not.toContain("MCP exchange");
});

test("type errors are warnings with file:line, in the report and the JSON, and never change a verdict", async () => {
  const dir = copyOfLessons(SOLUTIONS_DIR, [FIRST, SECOND]);
  // 01: a missing await, a type error that also breaks the lesson.
  const first = path.join(dir, FIRST, "server.ts");
  writeFileSync(first, readFileSync(first, "utf8").replace("const result = await server.server.createMessage(", "const result = server.server.createMessage("));
  // 02: a type error that changes nothing the tests see.
  const second = path.join(dir, SECOND, "server.ts");
  writeFileSync(second, `${readFileSync(second, "utf8")}\nexport const budget: number = "2000";\n`);
  const out = path.join(dir, "results.json");

  const run = await runGrader(["01", "02", "--dir", dir, "--out", out]);
  const results = JSON.parse(readFileSync(out, "utf8")) as GradeResults;
  const [missingAwait, typeErrorOnly] = results.lessons;
  expect(missingAwait!.status).toBe("fail");
  expect(missingAwait!.message).toContain("summarize returned before the answer arrived: add await");
  expect(missingAwait!.warnings?.[0]).toMatch(/01-first-sampling-call\/server\.ts:\d+ TS2339: Property 'content' does not exist on type 'Promise</);
  expect(typeErrorOnly!.status).toBe("pass");
  expect(typeErrorOnly!.warnings).toEqual([expect.stringMatching(/02-analyze-code\/server\.ts:\d+ TS2322: Type 'string' is not assignable to type 'number'/)]);
  expect(run.stdout).toMatch(/✔ 02 .*\n\s+TypeScript warnings \(not graded\):\n\s+⚠ .*02-analyze-code\/server\.ts:\d+ TS2322/);
  expect(run.stdout).toMatch(/TypeScript warnings \(not graded\):\n\s+⚠ .*01-first-sampling-call\/server\.ts:\d+ TS2339/);
});

test("a lesson without type errors has no warnings field", async () => {
  const out = path.join(copyOfLessons(SOLUTIONS_DIR, []), "results.json");
  await runGrader(["01", "--solutions", "--out", out]);
  const results = JSON.parse(readFileSync(out, "utf8")) as GradeResults;
  expect(results.lessons[0]).not.toHaveProperty("warnings");
});
