// Type-checks copies of the lessons and solutions, plus README snippets, with the
// course's compiler settings. The copies may live anywhere, so they are linked
// into a scratch project whose node_modules and lib/ are the course's own;
// preserveSymlinks makes imports resolve from the links, not from the targets.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { COURSE_ROOT } from "../course-paths.js";

export interface TypeCheckInput {
  lessonsDir: string;
  solutionsDir: string;
  /** Extra modules to check, by the name problems are reported under. */
  snippets: Map<string, string>;
}

export interface TypeError {
  /** "lessons/01-x/server.ts", "solutions/...", or a snippet's name. */
  file: string;
  line: number;
  message: string;
}

export async function typeCheck(input: TypeCheckInput): Promise<TypeError[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), "course-typecheck-"));
  try {
    for (const [name, target] of [
      ["node_modules", path.join(COURSE_ROOT, "node_modules")],
      ["lib", path.join(COURSE_ROOT, "lib")],
      ["lessons", input.lessonsDir],
      ["solutions", input.solutionsDir],
    ]) {
      symlinkSync(target!, path.join(scratch, name!), "dir");
    }
    writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ type: "module" }));
    mkdirSync(path.join(scratch, "snippets"));
    const snippetFiles = new Map<string, string>();
    [...input.snippets].forEach(([name, code], i) => {
      const file = `snippets/snippet-${i}.ts`;
      writeFileSync(path.join(scratch, file), code);
      snippetFiles.set(file, name);
    });
    writeFileSync(
      path.join(scratch, "tsconfig.json"),
      JSON.stringify({
        extends: path.join(COURSE_ROOT, "tsconfig.json"),
        compilerOptions: { preserveSymlinks: true, rootDir: scratch },
        include: ["lessons", "solutions", "snippets"],
        exclude: [],
      }),
    );
    const output = await runTsc(path.join(scratch, "tsconfig.json"));
    return parseErrors(output, (file) => snippetFiles.get(file) ?? file);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runTsc(project: string): Promise<string> {
  const tsc = path.join(COURSE_ROOT, "node_modules", ".bin", "tsc");
  try {
    await promisify(execFile)(tsc, ["-p", project, "--pretty", "false"], { cwd: path.dirname(project), maxBuffer: 16 * 1024 * 1024 });
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

const ERROR_LINE = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/;

function parseErrors(output: string, rename: (file: string) => string): TypeError[] {
  return output.split("\n").flatMap((line) => {
    const match = ERROR_LINE.exec(line.trim());
    return match ? [{ file: rename(match[1]!), line: Number(match[2]), message: match[3]! }] : [];
  });
}
