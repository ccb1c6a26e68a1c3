// Which copy of a lesson the graded tests load, and how load failures are named.
// The grader points COURSE_LESSONS_DIR at lessons/, solutions/ or a student's copy;
// run directly, the tests grade lessons/.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { LESSONS_DIR } from "../../scripts/course-paths.js";

/** Thrown when the lesson's code cannot be loaded at all; the grader reports the lesson as `error`. */
export class LessonLoadError extends Error {
  override name = "LessonLoadError";
}

export interface LessonUnderTest {
  id: string;
  /** Absolute path of a file of this lesson in the graded copy. */
  path(file: string): string;
  /** The path to show a student: relative to the course when inside it. */
  display(file: string): string;
  /** Imports one of the lesson's modules, once per test file. */
  load<T>(file: string): Promise<T>;
}

function gradedRoot(): string {
  return path.resolve(process.env.COURSE_LESSONS_DIR ?? LESSONS_DIR);
}

export function lessonUnderTest(id: string): LessonUnderTest {
  const dir = path.join(gradedRoot(), id);
  const loaded = new Map<string, Promise<unknown>>();
  const lesson: LessonUnderTest = {
    id,
    path: (file) => path.join(dir, file),
    display: (file) => displayPath(path.join(dir, file)),
    load<T>(file: string): Promise<T> {
      let module = loaded.get(file);
      if (!module) {
        module = importLessonFile(lesson, file);
        loaded.set(file, module);
      }
      return module as Promise<T>;
    },
  };
  return lesson;
}

export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

async function importLessonFile(lesson: LessonUnderTest, file: string): Promise<unknown> {
  const absolute = lesson.path(file);
  const shown = lesson.display(file);
  if (!existsSync(absolute)) {
    throw new LessonLoadError(`${shown} is missing: this lesson needs that file (restore it with npm run reset -- ${lesson.id}).`);
  }
  try {
    return await import(/* @vite-ignore */ pathToFileURL(absolute).href);
  } catch (error) {
    throw new LessonLoadError(describeLoadFailure(shown, error));
  }
}

function describeLoadFailure(shown: string, error: unknown): string {
  const message = stripVTControlCharacters(error instanceof Error ? error.message : String(error));
  if (/PARSE_ERROR|Transform failed|SyntaxError/.test(message) || (error instanceof SyntaxError)) {
    return `${shown} does not compile:\n${trimCompilerOutput(message)}`;
  }
  if (/Cannot find (module|package)/.test(message)) {
    return `${shown} imports something that does not exist: ${firstLine(message)}\n(imports of the SDK need the .js suffix, e.g. "@modelcontextprotocol/sdk/server/mcp.js")`;
  }
  return `${shown} throws while being imported: ${firstLine(message)}\n(a lesson module must not do work at import time: build everything inside createServer())`;
}

function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text;
}

function trimCompilerOutput(message: string): string {
  return message
    .replace(/^Transform failed with \d+ errors?:\s*/m, "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, 8)
    .join("\n");
}
