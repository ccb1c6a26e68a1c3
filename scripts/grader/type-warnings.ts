// Type errors in the graded lessons' files, as warnings beside the verdict: never
// a failure (the tests judge behaviour), but often the fastest way to the cause
// (a missing await is a "Property 'content' does not exist on type 'Promise<...>'").
// Runs tsc once for every graded lesson, in its own process, while the tests run,
// incrementally: what tsc learnt about the libraries last time is kept (see
// tsc-build-info.ts), so a re-grade checks little more than the lesson's files.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { COURSE_ROOT, displayPath } from "../course-paths.js";
import type { Lesson } from "./catalog.js";
import { parseDiagnostics, runTsc } from "./tsc.js";
import { keepBuildInfo, restoreBuildInfo } from "./tsc-build-info.js";

/** Warnings shown per lesson; the rest are counted. */
const WARNINGS_KEPT = 10;
/** TypeScript spells out whole object types; a warning keeps the start of one. */
const TYPE_SHOWN = 60;

/** Lesson id → "lessons/01-x/server.ts:12 TS2339: ..." lines (lessons without type errors are left out). */
export async function typeWarnings(lessons: Lesson[], lessonsDir: string): Promise<Map<string, string[]>> {
  // A scratch project that links the graded lesson folders beside the course's
  // node_modules and lib/, so a copy graded from anywhere resolves its imports.
  const scratch = mkdtempSync(path.join(tmpdir(), "course-type-warnings-"));
  try {
    for (const [name, target] of [["node_modules", path.join(COURSE_ROOT, "node_modules")], ["lib", path.join(COURSE_ROOT, "lib")]]) {
      symlinkSync(target!, path.join(scratch, name!), "dir");
    }
    mkdirSync(path.join(scratch, "lessons"));
    const files: string[] = [];
    for (const lesson of lessons) {
      const dir = path.join(lessonsDir, lesson.id);
      if (!existsSync(dir)) continue;
      symlinkSync(dir, path.join(scratch, "lessons", lesson.id), "dir");
      files.push(...lesson.files.filter((file) => /\.tsx?$/.test(file) && existsSync(path.join(dir, file))).map((file) => `lessons/${lesson.id}/${file}`));
    }
    if (files.length === 0) return new Map();
    writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      path.join(scratch, "tsconfig.json"),
      // Nothing that names the scratch folder: tsc's build info stays valid for the next run's folder.
      JSON.stringify({ extends: path.join(COURSE_ROOT, "tsconfig.json"), compilerOptions: { preserveSymlinks: true, rootDir: "." }, files, include: [] }),
    );
    const buildInfo = restoreBuildInfo(lessonsDir, files, scratch);
    const output = await runTsc(path.join(scratch, "tsconfig.json"), ["--incremental", "--tsBuildInfoFile", buildInfo]);
    keepBuildInfo(lessonsDir, files, scratch);
    const diagnostics = parseDiagnostics(output, (file) => file);
    const warnings = new Map<string, string[]>();
    for (const { file, line, message } of diagnostics) {
      const [, id, rest] = /^lessons\/([^/]+)\/(.+)$/.exec(file) ?? [];
      // Errors tsc finds in what a lesson imports (lib/, the SDK) are not the student's.
      if (!id || !rest) continue;
      const list = warnings.get(id) ?? [];
      list.push(`${displayPath(path.join(lessonsDir, id, rest))}:${line} ${shortened(message)}`);
      warnings.set(id, list);
    }
    for (const [id, list] of warnings) {
      if (list.length > WARNINGS_KEPT) warnings.set(id, [...list.slice(0, WARNINGS_KEPT), `… ${list.length - WARNINGS_KEPT} more type errors`]);
    }
    return warnings;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Cuts the long types out of a diagnostic, keeping what names the problem. */
function shortened(message: string): string {
  return message.replace(new RegExp(`'([^']{${TYPE_SHOWN},})'`, "g"), (_, type: string) => `'${type.slice(0, TYPE_SHOWN)}…'`);
}
