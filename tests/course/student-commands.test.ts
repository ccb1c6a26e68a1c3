// hint, reset and compare as a student uses them, on temporary copies: the
// course's own lessons/ and .course/ are never touched.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { COURSE_ROOT, LESSONS_DIR, SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { loadCatalog } from "../../scripts/grader/catalog.js";
import { runScript } from "./support/run-grader.js";

const LESSON = "01-first-sampling-call";
const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

function lessonsCopyWith(server: string): string {
  const dir = temp("course-lessons-");
  cpSync(LESSONS_DIR, dir, { recursive: true });
  cpSync(server, path.join(dir, LESSON, "server.ts"));
  return dir;
}

describe("hint", () => {
  test("reveals one more hint per run, remembers it outside lessons/, and --all shows every hint", async () => {
    const env = { COURSE_STATE_DIR: temp("course-state-") };
    const first = await runScript("hint", ["01"], env);
    expect(first.stdout).toMatch(/1\/\d \(new\)/);
    expect(first.stdout).not.toMatch(/2\/\d/);
    const second = await runScript("hint", ["01"], env);
    expect(second.stdout).toMatch(/1\/\d [^(]/);
    expect(second.stdout).toMatch(/2\/\d \(new\)/);
    expect(readdirSync(env.COURSE_STATE_DIR)).toEqual(["hints.json"]);
    const all = await runScript("hint", ["01", "--all"], env);
    expect(all.stdout).toContain("That is every hint");
    expect(all.stdout).toContain("npm run compare -- 01");
  });

  test("an unknown lesson is a usage error", async () => {
    const run = await runScript("hint", ["42"], { COURSE_STATE_DIR: temp("course-state-") });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no lesson "42"[\s\S]*Usage: npm run hint/);
  });
});

describe("reset", () => {
  test("backs up the student's file, then restores the starter", async () => {
    const dir = lessonsCopyWith(path.join(SOLUTIONS_DIR, LESSON, "server.ts"));
    const state = temp("course-state-");
    const run = await runScript("reset", ["01", "--yes", "--dir", dir], { COURSE_STATE_DIR: state });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, LESSON, "server.ts"), "utf8")).toBe(
      readFileSync(path.join(COURSE_ROOT, ".starters", LESSON, "server.ts"), "utf8"),
    );
    const [stamp] = readdirSync(path.join(state, "backups", LESSON));
    const backup = path.join(state, "backups", LESSON, stamp!, "server.ts");
    expect(run.stdout).toContain(path.dirname(backup));
    expect(readFileSync(backup, "utf8")).toBe(readFileSync(path.join(SOLUTIONS_DIR, LESSON, "server.ts"), "utf8"));
  });

  test("without a terminal to confirm on, it needs --yes and changes nothing", async () => {
    const dir = lessonsCopyWith(path.join(SOLUTIONS_DIR, LESSON, "server.ts"));
    writeFileSync(path.join(dir, LESSON, "server.ts"), "// my work\n");
    const state = temp("course-state-");
    const run = await runScript("reset", ["01", "--dir", dir], { COURSE_STATE_DIR: state });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("add --yes");
    expect(readFileSync(path.join(dir, LESSON, "server.ts"), "utf8")).toBe("// my work\n");
    expect(existsSync(path.join(state, "backups"))).toBe(false);
  });
});

describe("compare", () => {
  test("a passing lesson: shows the diff against the solution without asking", async () => {
    const dir = lessonsCopyWith(path.join(COURSE_ROOT, "tests/fixtures/variants", LESSON, "send-request-style.ts"));
    const run = await runScript("compare", ["01", "--dir", dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\+\+\+ .*solutions\/01-first-sampling-call\/server\.ts\treference solution/);
    expect(run.stdout).toMatch(/^-.*extra\.sendRequest/m);
  });

  test("a lesson that does not pass yet: asks first, and needs --yes without a terminal", async () => {
    const dir = lessonsCopyWith(path.join(LESSONS_DIR, LESSON, "server.ts"));
    const refused = await runScript("compare", ["01", "--dir", dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("does not pass yet. Show the solution anyway?");
    expect(refused.stdout).not.toContain("+++");
    const forced = await runScript("compare", ["01", "--dir", dir, "--yes"]);
    expect(forced.stdout).toContain("reference solution");
  });
});

describe.each(loadCatalog().map((lesson) => [lesson.id, lesson] as const))("every lesson: %s", (_id, lesson) => {
  test("reset restores each of its files from .starters/, and compare diffs them against the solution", async () => {
    const dir = temp("course-lessons-");
    cpSync(SOLUTIONS_DIR, dir, { recursive: true });
    const state = temp("course-state-");
    const reset = await runScript("reset", [lesson.number, "--yes", "--dir", dir], { COURSE_STATE_DIR: state });
    expect(reset.code, reset.stderr).toBe(0);
    for (const file of lesson.files) {
      expect(readFileSync(path.join(dir, lesson.id, file), "utf8")).toBe(readFileSync(path.join(COURSE_ROOT, ".starters", lesson.id, file), "utf8"));
    }
    const compare = await runScript("compare", [lesson.number, "--yes", "--dir", dir]);
    expect(compare.code, compare.stderr).toBe(0);
    for (const file of lesson.files) expect(compare.stdout).toContain(`solutions/${lesson.id}/${file}\treference solution`);
  });
});
