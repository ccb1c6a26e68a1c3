// Type-checks copies of the lessons and solutions, plus README snippets, with the
// course's compiler settings. The copies may live anywhere, so they are linked
// into a scratch project whose node_modules and lib/ are the course's own;
// preserveSymlinks makes imports resolve from the links, not from the targets.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { COURSE_ROOT } from "../course-paths.js";
import { parseDiagnostics, runTsc, type TypeDiagnostic } from "../grader/tsc.js";

export interface TypeCheckInput {
  lessonsDir: string;
  solutionsDir: string;
  /** Extra modules to check, by the name problems are reported under. */
  snippets: Map<string, string>;
}

/** `file`: "lessons/01-x/server.ts", "solutions/...", or a snippet's name. */
export type TypeError = TypeDiagnostic;

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
    return parseDiagnostics(output, (file) => snippetFiles.get(file) ?? file);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
