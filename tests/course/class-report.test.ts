// An instructor grades a whole class: each submission gets its own row, and a
// broken or hostile submission spoils only that row. Submissions are never modified.
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { COURSE_ROOT, LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { fingerprint, runScript } from "./support/run-grader.js";

const FIXTURES = path.join(COURSE_ROOT, "tests", "fixtures");

function classFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "course-class-"));
  cpSync(SOLUTIONS_DIR, path.join(folder, "alice"), { recursive: true });
  cpSync(LESSONS_DIR, path.join(folder, "bob"), { recursive: true });
  const hostile = [
    ["mallory", "broken-lessons/sync-infinite-loop"],
    ["eve", "hostile/kills-parent"],
    // Prints a forged results JSON and 100 MB; tries to write a classmate's folder and the report.
    ["oscar", "hostile/stdout-flood"],
    ["trudy", "hostile/writes-outside"],
  ];
  for (const [student, fixture] of hostile) {
    cpSync(SOLUTIONS_DIR, path.join(folder, student!), { recursive: true });
    cpSync(path.join(FIXTURES, `${fixture}.ts`), path.join(folder, student!, "01-first-sampling-call", "server.ts"));
  }
  return folder;
}

test("grades each submission into its own row, whatever the others do", async () => {
  const folder = classFolder();
  const before = fingerprint(folder);
  const out = path.join(mkdtempSync(path.join(tmpdir(), "course-report-")), "report");
  const run = await runScript("class-report", [folder, "--only", "01,02", "--out", out, "--time-limit", "5"]);
  expect(run.code, run.stderr).toBe(0);

  const csv = readFileSync(path.join(out, "report.csv"), "utf8").trim().split("\n").map((line) => line.split(","));
  const [head, ...rows] = csv;
  expect(head).toEqual(["student", "01-first-sampling-call", "02-analyze-code", "total", "lessons_in_error"]);
  const row = (student: string) => rows.find((r) => r[0] === student)!;
  expect(rows.map((r) => r[0])).toEqual(["alice", "bob", "eve", "mallory", "oscar", "trudy"]);

  expect(row("alice")[1]).toMatch(/^(\d+)\/\1$/);
  expect(row("alice")[2]).toMatch(/^(\d+)\/\1$/);
  expect(row("bob")[1]).toMatch(/^1\/\d+$/);
  expect(row("mallory")[1]).toBe("error");
  expect(row("mallory")[2]).toMatch(/^(\d+)\/\1$/);
  expect(row("mallory").at(-1)).toContain("01");
  // Eve's attempt to kill her grader fails: her lesson is graded, and fails, like anyone's.
  expect(row("eve")[1]).toMatch(/^\d+\/\d+$/);
  expect(row("eve")[1]).not.toMatch(/^(\d+)\/\1$/);
  expect(row("eve")[2]).toMatch(/^(\d+)\/\1$/);
  for (const student of ["oscar", "trudy"]) {
    expect(row(student)[1], student).not.toMatch(/^(\d+)\/\1$/);
    expect(row(student)[2], student).toMatch(/^(\d+)\/\1$/);
  }

  expect(JSON.parse(readFileSync(path.join(out, "results", "alice.json"), "utf8"))).toMatchObject({ version: 3 });
  expect(readFileSync(path.join(out, "report.md"), "utf8")).toMatch(/^\| student \| 01 \| 02 \| total \|/);
  expect(run.stdout).toContain("| mallory |");
  // The instructor is told how submissions were kept apart (or which limits this machine lacks).
  expect(run.stdout).toMatch(/bubblewrap/);
  expect(fingerprint(folder)).toEqual(before);
});

test("refuses to write the report inside the submissions folder", async () => {
  const folder = classFolder();
  const run = await runScript("class-report", [folder, "--out", path.join(folder, "report")]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--out must not be inside the submissions folder");
  expect(existsSync(path.join(folder, "report"))).toBe(false);
});
