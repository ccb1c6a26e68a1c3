// The grader as students and instructors use it: the reference solutions pass,
// the fresh starters fail with guidance (never crash), and usage errors exit 2.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { loadCatalog } from "../../scripts/grader/catalog.js";
import { copyOfLessons, fingerprint, gradeJson, runGrader } from "./support/run-grader.js";

const lessonIds = loadCatalog().map((lesson) => lesson.id);

test("the reference solutions score 100% on every lesson", async () => {
  const results = await gradeJson(["--solutions"]);
  const notPassing = results.lessons.filter((l) => l.status !== "pass").map((l) => `${l.id}: ${l.message}`);
  expect(notPassing).toEqual([]);
  expect(results.lessons.map((l) => l.id)).toEqual(lessonIds);
  expect(results).toMatchObject({ version: 3, status: "pass", code: 0 });
  expect(results.score).toBe(results.max_score);
});

test("fresh starters fail with guidance: no lesson in error, none fully passing, nothing written", async () => {
  const before = fingerprint(LESSONS_DIR);
  const results = await gradeJson([]);
  expect(results.code).toBe(1);
  for (const lesson of results.lessons) {
    expect(lesson.status, `${lesson.id}: ${lesson.message}`).toBe("fail");
    expect(lesson.passed).toBeLessThan(lesson.total);
    expect(lesson.message, lesson.id).toMatch(new RegExp(`lessons/${lesson.id}/`));
  }
  expect(fingerprint(LESSONS_DIR)).toEqual(before);
});

describe("the report", () => {
  test("names the first failure, a hint, the score and the lesson to start with, without color when piped", async () => {
    const run = await runGrader(["01"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✘ sends exactly one sampling request per call");
    expect(run.stdout).toContain("edit:     lessons/01-first-sampling-call/server.ts");
    expect(run.stdout).toMatch(/Hint: .+createMessage/);
    expect(run.stdout).toMatch(/Score: \d+\/\d+ tests · 0 of 1 lessons complete/);
    expect(run.stdout).toContain("npm run grade -- 01");
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  test("--out writes the same results JSON that --json prints", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "course-out-")), "results.json");
    const printed = await gradeJson(["02", "--solutions", "--out", out]);
    const { code: _code, ...json } = printed;
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(json);
    expect(json.lessons[0]!.tests.every((t) => t.status === "pass" && typeof t.name === "string")).toBe(true);
  });

  test("--dir grades a copy of the course given by its top folder", async () => {
    const results = await gradeJson(["1", "--dir", path.dirname(SOLUTIONS_DIR)]);
    expect(results.lessons.map((l) => [l.id, l.status])).toEqual([["01-first-sampling-call", "fail"]]);
  });
});

describe("usage errors exit with status 2", () => {
  test.each([
    [["99"], /no lesson "99"/],
    [["--solutions", "--dir", "."], /give one of them/],
    [["--time-limit", "soon"], /--time-limit soon/],
    [["--dir", "/no/such/folder"], /no such folder/],
    [["--bogus"], /Unknown option/],
  ])("%j", async (args, message) => {
    const run = await runGrader(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: npm run grade");
  });
});

test("what the student's code prints is shown under the failing test and kept in the JSON", async () => {
  const dir = copyOfLessons(SOLUTIONS_DIR, ["01-first-sampling-call"]);
  const server = path.join(dir, "01-first-sampling-call", "server.ts");
  writeFileSync(
    server,
    readFileSync(server, "utf8")
      .replace("async ({ text_to_summarize }) => {", 'async ({ text_to_summarize }) => {\n      console.error("debug: got", text_to_summarize.length);')
      .replace("maxTokens: 1000,", "maxTokens: 100,"),
  );
  const report = await runGrader(["01", "--dir", dir]);
  expect(report.stdout).toMatch(/✘ asks for at most 1000 tokens[\s\S]*Your code printed:\n\s+debug: got \d+/);
  const results = await gradeJson(["01", "--dir", dir]);
  const failing = results.lessons[0]!.tests.find((t) => t.status === "fail")!;
  expect(failing.output).toMatch(/^debug: got \d+\n?$/);
});
