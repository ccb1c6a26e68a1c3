// The course's lessons, read from lessons/*/lesson.json, and how a student
// names them on the command line ("3", "03", "03-client-callback").
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { LESSONS_DIR } from "../course-paths.js";

export interface Lesson {
  id: string;
  /** "01" */
  number: string;
  title: string;
  summary: string;
  objectives: string[];
  /** The SDK generation the lesson is written for: 1 (@modelcontextprotocol/sdk, the default) or 2. */
  sdk?: 1 | 2;
  /** What the student builds: an MCP server (the default), a client, or written answers. */
  kind?: "server" | "client" | "answers";
  /** The files a student edits, relative to the lesson folder. */
  files: string[];
  /** Tool name → argument names, as the contract fixes them. */
  tools: Record<string, string[]>;
  /** The lesson's hints, in order: what `npm run hint` reveals one at a time. */
  hints: string[];
  /** Exact test name → the hint the report shows when that test is the first to fail. */
  testHints?: Record<string, string>;
}

export function loadCatalog(): Lesson[] {
  return lessonFolders(LESSONS_DIR)
    .filter((id) => existsSync(path.join(LESSONS_DIR, id, "lesson.json")))
    .map((id) => readLesson(LESSONS_DIR, id));
}

/** The lesson folders (NN-slug) in a lessons folder, in course order. */
export function lessonFolders(lessonsDir: string): string[] {
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** A lesson's metadata as lesson.json gives it; throws when the file is missing or not JSON. */
export function readLesson(lessonsDir: string, id: string): Lesson {
  const meta = JSON.parse(readFileSync(path.join(lessonsDir, id, "lesson.json"), "utf8")) as Omit<Lesson, "id" | "number">;
  return { id, number: id.slice(0, 2), ...meta };
}

export class UnknownLessonError extends Error {}

/** Resolves "3", "03", "03-client-callback" or "client-callback" to lessons, in course order. */
export function selectLessons(catalog: Lesson[], selectors: string[]): Lesson[] {
  if (selectors.length === 0) return catalog;
  const chosen = new Set<Lesson>();
  for (const selector of selectors) {
    const wanted = selector.replace(/\/+$/, "").split("/").pop()!.toLowerCase();
    const number = /^\d+$/.test(wanted) ? wanted.padStart(2, "0") : undefined;
    const match = catalog.find((l) => l.number === number || l.id === wanted || l.id.slice(3) === wanted);
    if (!match) {
      throw new UnknownLessonError(`no lesson "${selector}". Lessons: ${catalog.map((l) => l.id).join(", ")}`);
    }
    chosen.add(match);
  }
  return catalog.filter((lesson) => chosen.has(lesson));
}

/** A student's copy may be a copy of lessons/ or of the whole course: find the lesson folders. */
export function lessonsFolderIn(dir: string): string {
  const nested = path.join(dir, "lessons");
  return existsSync(nested) ? nested : dir;
}
