// The bundle a course command (scripts/<name>.ts) runs from: one esbuild bundle of
// its TypeScript, built on first use and built again when a file it was made from
// changes. Node then loads one file, where tsx would compile each of ~60 modules
// through its loader thread. Plain JavaScript: it runs before any compiler.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cache = path.join(ROOT, "node_modules", ".cache", "mcp-course-commands");

/** The bundle of scripts/<name>.ts, built first if it is missing or out of date. */
export async function commandBundle(name) {
  return upToDateBundle(name) ?? (await buildBundle(name));
}

/** The bundle, when every file it was built from is unchanged (it is the same for every Node version). */
function upToDateBundle(name) {
  const manifest = manifestOf(name);
  if (!manifest) return undefined;
  for (const [file, digest] of Object.entries(manifest.inputs)) {
    if (digestOf(path.join(ROOT, file)) !== digest) return undefined;
  }
  return path.join(cache, manifest.bundle);
}

async function buildBundle(name) {
  const { build, transform } = await import("esbuild");
  // Each module keeps its own import.meta.url (course-paths.ts finds the course from
  // it), replaced in the syntax tree, never inside a string.
  const ownUrls = {
    name: "own-import-meta-url",
    setup(builder) {
      builder.onLoad({ filter: /\.m?[jt]s$/ }, async (args) => {
        const source = readFileSync(args.path, "utf8");
        const { code } = await transform(source, {
          loader: args.path.endsWith(".ts") ? "ts" : "js",
          format: "esm",
          sourcefile: args.path,
          define: { "import.meta.url": JSON.stringify(pathToFileURL(args.path).href) },
        });
        return { contents: code, loader: "js" };
      });
    },
  };
  const result = await build({
    entryPoints: [path.join(ROOT, "scripts", `${name}.ts`)],
    absWorkingDir: ROOT,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [ownUrls],
  });
  const code = result.outputFiles[0].contents;
  const bundle = `${name}-${createHash("sha256").update(code).digest("hex").slice(0, 12)}.mjs`;
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, digestOf(path.join(ROOT, file))]));
  // Written aside and renamed into place: a grader starting beside this one never reads half a file.
  mkdirSync(cache, { recursive: true });
  const previous = manifestOf(name)?.bundle;
  writeAtomically(path.join(cache, bundle), code);
  writeAtomically(path.join(cache, `${name}.json`), JSON.stringify({ bundle, inputs }));
  // Older bundles go; the one just replaced stays, for a command that read its manifest a moment ago.
  for (const file of readdirSync(cache)) {
    if (file.startsWith(`${name}-`) && file.endsWith(".mjs") && file !== bundle && file !== previous) rmSync(path.join(cache, file), { force: true });
  }
  return path.join(cache, bundle);
}

function manifestOf(name) {
  try {
    return JSON.parse(readFileSync(path.join(cache, `${name}.json`), "utf8"));
  } catch {
    return undefined;
  }
}

function writeAtomically(file, contents) {
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, contents);
  renameSync(scratch, file);
}

function digestOf(file) {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return "missing";
  }
}

