// report.html's script, bundled with its imports (the diff package) into one
// inline script: the page must work offline, with no file beside it.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("page-script.ts", import.meta.url));

export async function pageScript(): Promise<string> {
  const result = await build({ entryPoints: [ENTRY], bundle: true, write: false, format: "iife", platform: "browser", target: "es2020", minify: true, legalComments: "none" });
  return result.outputFiles[0]!.text;
}
