// npm run compare -- <lesson> --dir a --against b: an instructor puts two
// submissions side by side, without grading and without the solution.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { copyOfLessons, runScript } from "./support/run-grader.js";

const LESSON = "05-production-classifier";

test("diffs the --dir copy's lesson files against the --against copy's, and shows nothing of the solution", async () => {
  const a = copyOfLessons(SOLUTIONS_DIR, [LESSON]);
  const b = copyOfLessons(SOLUTIONS_DIR, [LESSON]);
  const file = (dir: string) => path.join(dir, LESSON, "server.ts");
  writeFileSync(file(a), readFileSync(file(a), "utf8").replace("const MAX_ATTEMPTS = 3;", "const MAX_ATTEMPTS = 4;"));
  appendFileSync(file(b), "// b's own note\n");

  const run = await runScript("compare", ["05", "--dir", a, "--against", b]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`${file(a)}\t--dir`);
  expect(run.stdout).toContain(`${file(b)}\t--against`);
  const changed = run.stdout.split("\n").filter((line) => /^[-+][^-+]/.test(line));
  expect(changed).toEqual(["-const MAX_ATTEMPTS = 4;", "+const MAX_ATTEMPTS = 3;", "+// b's own note"]);
  expect(run.stdout).not.toContain("reference solution");
});

test("an --against folder that does not exist is a usage error", async () => {
  const run = await runScript("compare", ["05", "--against", "no/such/copy"]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--against no/such/copy: no such folder");
});
