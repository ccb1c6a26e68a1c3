// What the lesson host runs, built by the harness (trusted) with esbuild:
//   - the runtime: the host program and the packages lessons import (the SDKs,
//     zod), bundled once per install and kept under node_modules/.cache;
//   - the lesson: the student's files of one lesson, bundled into a private
//     folder for one grading, with package imports pointing at the runtime.
// The host reads only these two folders, so it never sees the course's other
// files, solutions/, or another submission. A lesson file may import its own
// folder, the course's lib/ and packages; anything else (an absolute path, a
// "../../solutions/..." or a symlink out of the folder) fails to build.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { COURSE_ROOT } from "../../scripts/course-paths.js";

/** Packages a lesson may import, bundled once into the runtime. */
const RUNTIME_PACKAGES = [
  "@modelcontextprotocol/sdk/server/mcp.js",
  "@modelcontextprotocol/sdk/server/index.js",
  "@modelcontextprotocol/sdk/client/index.js",
  "@modelcontextprotocol/sdk/types.js",
  "@modelcontextprotocol/sdk/shared/protocol.js",
  "@modelcontextprotocol/server",
  "@modelcontextprotocol/server/stdio",
  "@modelcontextprotocol/client",
  "zod",
  "zod/v4",
];

// Bundled CommonJS (zod's, the SDK's dependencies') may call require for built-ins.
const REQUIRE_BANNER = 'import { createRequire as __courseRequire } from "node:module"; const require = __courseRequire(import.meta.url);';

const HOST_SOURCE = path.join(COURSE_ROOT, "tests", "host");
// Its real path: the host may read only the runtime's folder, and Node's permission
// model refuses a path through a symlink to it (npm run mutation's sandboxes link node_modules).
const NODE_MODULES = realpathSync(path.join(COURSE_ROOT, "node_modules"));
const LIB = path.join(COURSE_ROOT, "lib");

export interface Runtime {
  dir: string;
  /** The host program. */
  host: string;
  /** Package name → file URL of its bundle. */
  packages: Record<string, string>;
}

const fileName = (specifier: string) => `${specifier.replace(/^@/, "").replace(/\.js$/, "").replace(/[^a-z0-9]+/gi, "-")}.mjs`;

let runtime: Promise<Runtime> | undefined;

/** The runtime bundle, built on first use and reused while the install and the host's code stay the same. */
export function hostRuntime(): Promise<Runtime> {
  runtime ??= buildRuntime();
  return runtime;
}

async function buildRuntime(): Promise<Runtime> {
  const dir = path.join(NODE_MODULES, ".cache", "mcp-course-host", runtimeKey());
  const result: Runtime = {
    dir,
    host: path.join(dir, "host.mjs"),
    packages: Object.fromEntries(RUNTIME_PACKAGES.map((specifier) => [specifier, `file://${path.join(dir, fileName(specifier))}`])),
  };
  if (existsSync(result.host)) return result;
  // Built aside and renamed into place: a grader running beside this one never sees half a runtime.
  mkdirSync(path.dirname(dir), { recursive: true });
  const scratch = mkdtempSync(`${dir}-building-`);
  const entries = Object.fromEntries(RUNTIME_PACKAGES.map((specifier) => [fileName(specifier).replace(/\.mjs$/, ""), `runtime-entry:${specifier}`]));
  await build({
    entryPoints: { ...entries, host: path.join(HOST_SOURCE, "main.ts") },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: scratch,
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
    banner: { js: REQUIRE_BANNER },
    plugins: [runtimeEntries],
  });
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another grader finished first
  }
  return result;
}

const runtimeEntries: Plugin = {
  name: "runtime-entries",
  setup(builder) {
    builder.onResolve({ filter: /^runtime-entry:/ }, (args) => ({ path: args.path.slice("runtime-entry:".length), namespace: "runtime-entry" }));
    builder.onLoad({ filter: /.*/, namespace: "runtime-entry" }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};`,
      resolveDir: COURSE_ROOT,
    }));
  },
};

/** Changes when the installed packages or the host's code change. */
function runtimeKey(): string {
  const hash = createHash("sha256");
  hash.update(process.version.split(".")[0]!);
  hash.update(readFileSync(path.join(NODE_MODULES, ".package-lock.json")));
  for (const file of ["main.ts", "peer.ts", "protocol.ts", "harden.ts", "clock.ts", "connections.ts"]) {
    hash.update(readFileSync(path.join(HOST_SOURCE, file)));
  }
  hash.update(RUNTIME_PACKAGES.join(","));
  return hash.digest("hex").slice(0, 16);
}

export class LessonBuildError extends Error {
  override name = "LessonBuildError";
}

/** A new private folder for one lesson's build (class-report gives each submission's grader a root of its own). */
export function lessonBuildDir(): string {
  return mkdtempSync(path.join(process.env.COURSE_BUILD_ROOT ?? tmpdir(), "mcp-course-lesson-"));
}

/**
 * Bundles a lesson's files (paths inside `lessonDir`) into `out`, one
 * `<name>.mjs` per file. Throws LessonBuildError with esbuild's messages.
 */
export async function buildLesson(lessonDir: string, files: string[], packages: Record<string, string>, out: string): Promise<void> {
  // esbuild hands the plugin real paths (symlinks resolved), so compare with real paths.
  const allowed = [lessonDir, LIB, NODE_MODULES].map((dir) => realpathSync(dir) + path.sep);
  const sealed: Plugin = {
    name: "sealed-lesson",
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        const bundle = packages[args.path];
        return bundle ? { path: bundle, external: true } : undefined;
      });
      builder.onLoad({ filter: /.*/ }, (args) => {
        if (allowed.some((root) => args.path.startsWith(root))) return undefined;
        return { errors: [{ text: `imports ${args.path}, which is outside its lesson folder: a lesson may import its own files, the course's lib/ and packages` }] };
      });
    },
  };
  try {
    await build({
      entryPoints: files.map((file) => path.join(lessonDir, file)),
      absWorkingDir: lessonDir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outdir: out,
      outExtension: { ".js": ".mjs" },
      logLevel: "silent",
      sourcemap: "inline",
      banner: { js: REQUIRE_BANNER },
      sourcesContent: false,
      plugins: [sealed],
    });
  } catch (error) {
    const { errors } = error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number; lineText: string } | null }> };
    if (!errors) throw error;
    throw new LessonBuildError(
      errors
        .slice(0, 5)
        .map(({ text, location }) => (location ? `${location.file}:${location.line}:${location.column + 1}: ${text}\n    ${location.lineText.trim()}` : text))
        .join("\n"),
    );
  }
}
