// Everything that keeps a lesson healthy, checked for every lesson at once:
// text, metadata, starter and solution files, types, grades, and the tools the
// code registers against the tools the metadata promises.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LESSON_TESTS_DIR } from "../course-paths.js";
import { lessonFolders, readLesson, type Lesson } from "../grader/catalog.js";
import { gradeLessons } from "../grader/grade-lessons.js";
import { runnableSnippets } from "./readme-snippets.js";
import { registeredTools, type ToolSignatures } from "./registered-tools.js";
import { typeCheck } from "./type-check.js";

export interface CheckInput {
  lessonsDir: string;
  solutionsDir: string;
  /** Where pristine starter copies live; checked against lessons/ when given. */
  startersDir?: string;
}

/** Lesson id → the problems found (empty when the lesson is healthy). */
export type CheckReport = Map<string, string[]>;

const KINDS = ["server", "client", "answers"];

export async function checkCourse(input: CheckInput): Promise<CheckReport> {
  const ids = lessonFolders(input.lessonsDir);
  const report: CheckReport = new Map(ids.map((id) => [id, []]));
  const problem = (id: string, text: string) => report.get(id)!.push(text);

  const lessons: Lesson[] = [];
  for (const id of ids) {
    const lesson = readMetadata(input.lessonsDir, id, (text) => problem(id, text));
    if (!lesson) continue;
    lessons.push(lesson);
    checkFiles(lesson, input, (text) => problem(id, text));
  }

  const [typeErrors] = await Promise.all([
    typeCheck({ ...input, snippets: readmeSnippets(input.lessonsDir, lessons) }),
    checkGrades(lessons, input, problem),
    checkTools(lessons, input, problem),
  ]);
  for (const error of typeErrors) {
    const id = ids.find((candidate) => error.file.includes(`${candidate}/`));
    if (id) problem(id, `does not type-check: ${error.file}:${error.line} ${error.message}`);
  }
  return report;
}

function readMetadata(lessonsDir: string, id: string, problem: (text: string) => void): Lesson | undefined {
  let meta: Partial<Lesson>;
  try {
    meta = readLesson(lessonsDir, id);
  } catch (error) {
    problem(`lesson.json is missing or not JSON (${(error as Error).message})`);
    return undefined;
  }
  const missing = [
    ["title", typeof meta.title === "string" && meta.title.trim() !== ""],
    ["summary", typeof meta.summary === "string" && meta.summary.trim() !== ""],
    ["objectives", Array.isArray(meta.objectives) && meta.objectives.length > 0],
    ["files", Array.isArray(meta.files) && meta.files.length > 0],
    ["tools", typeof meta.tools === "object" && meta.tools !== null],
    ["hints (at least 2)", Array.isArray(meta.hints) && meta.hints.length >= 2],
    ["testHints (test name → hint text)", meta.testHints === undefined || isTextRecord(meta.testHints)],
    ["kind", meta.kind === undefined || KINDS.includes(meta.kind)],
    ["sdk (1 or 2)", meta.sdk === undefined || meta.sdk === 1 || meta.sdk === 2],
  ].flatMap(([field, ok]) => (ok ? [] : [field as string]));
  if (missing.length > 0) {
    problem(`lesson.json is incomplete: ${missing.join(", ")}`);
    return undefined;
  }
  return meta as Lesson;
}

function checkFiles(lesson: Lesson, input: CheckInput, problem: (text: string) => void): void {
  const readme = path.join(input.lessonsDir, lesson.id, "README.md");
  if (!existsSync(readme) || !/^# /m.test(readFileSync(readme, "utf8"))) problem("README.md is missing or has no title");
  if (!existsSync(path.join(LESSON_TESTS_DIR, `${lesson.id}.test.ts`))) problem(`tests/lessons/${lesson.id}.test.ts is missing`);
  for (const file of lesson.files) {
    const starter = path.join(input.lessonsDir, lesson.id, file);
    if (!existsSync(starter)) problem(`the starter ${file} is missing`);
    else if (!readFileSync(starter, "utf8").includes("TODO")) problem(`the starter ${file} has no TODO for the student`);
    if (!existsSync(path.join(input.solutionsDir, lesson.id, file))) problem(`the solution ${file} is missing`);
    if (input.startersDir && existsSync(starter)) {
      const pristine = path.join(input.startersDir, lesson.id, file);
      if (!existsSync(pristine) || readFileSync(pristine, "utf8") !== readFileSync(starter, "utf8")) {
        problem(`.starters/${lesson.id}/${file} differs from the starter: run npm run check-course -- --update-starters`);
      }
    }
  }
}

function readmeSnippets(lessonsDir: string, lessons: Lesson[]): Map<string, string> {
  const snippets = new Map<string, string>();
  for (const lesson of lessons) {
    const readme = path.join(lessonsDir, lesson.id, "README.md");
    if (!existsSync(readme)) continue;
    for (const snippet of runnableSnippets(readFileSync(readme, "utf8"))) {
      snippets.set(`${lesson.id}/README.md snippet ${snippet.index} (README line ${snippet.line})`, snippet.code);
    }
  }
  return snippets;
}

async function checkGrades(lessons: Lesson[], input: CheckInput, problem: (id: string, text: string) => void): Promise<void> {
  const graded = lessons.filter((lesson) => existsSync(path.join(LESSON_TESTS_DIR, `${lesson.id}.test.ts`)));
  if (graded.length === 0) return;
  // One after the other: each grading run owns the process environment while it runs.
  const starters = await gradeLessons({ lessons: graded, lessonsDir: input.lessonsDir });
  const solutions = await gradeLessons({ lessons: graded, lessonsDir: input.solutionsDir });
  for (const result of starters.lessons) {
    if (result.status === "error") problem(result.id, `the starter grades as "error" instead of "fail": ${result.message}`);
    if (result.status === "pass") problem(result.id, "the starter passes every test: the exercise is already solved");
  }
  for (const result of solutions.lessons) {
    if (result.status !== "pass") {
      problem(result.id, `the solution scores ${result.passed}/${result.total}: ${result.message ?? result.status}`);
    }
  }
  // The solutions' run names every test, those with computed names included.
  for (const lesson of graded) {
    const tests = new Set(solutions.lessons.find((result) => result.id === lesson.id)?.tests.map((test) => test.name));
    for (const name of Object.keys(lesson.testHints ?? {}).filter((name) => !tests.has(name))) {
      problem(lesson.id, `lesson.json has a test hint for "${name}", which is not a test of tests/lessons/${lesson.id}.test.ts`);
    }
  }
}

function isTextRecord(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((text) => typeof text === "string" && text.trim() !== "");
}

async function checkTools(lessons: Lesson[], input: CheckInput, problem: (id: string, text: string) => void): Promise<void> {
  for (const lesson of lessons.filter((l) => (l.kind ?? "server") === "server")) {
    const expected = describe(lesson.tools);
    for (const [label, dir] of [["starter", input.lessonsDir], ["solution", input.solutionsDir]] as const) {
      const file = path.join(dir, lesson.id, lesson.files[0]!);
      if (!existsSync(file)) continue;
      try {
        const actual = describe(await registeredTools(file));
        if (actual !== expected) problem(lesson.id, `the ${label} registers ${actual}, but lesson.json says ${expected}`);
      } catch (error) {
        problem(lesson.id, `the ${label}'s tools could not be listed: ${(error as Error).message}`);
      }
    }
  }
}

function describe(tools: ToolSignatures): string {
  const names = Object.keys(tools).sort();
  return names.length === 0 ? "no tools" : names.map((name) => `${name}(${[...tools[name]!].sort().join(", ")})`).join(", ");
}
