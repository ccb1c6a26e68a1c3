// A course command as its npm script runs it, for running one command from another
// or from the course's tests. The commands that grade run from a bundle of their
// TypeScript (launch-bundled.mjs); the others through tsx, with vitest/node
// preloaded (before tsx registers, which makes vitest load ~400 ms faster).
const BUNDLED = new Set(["grade", "compare", "class-report"]);

export function courseCommand(script: string, ...args: string[]): [string, string[]] {
  if (BUNDLED.has(script)) return [process.execPath, ["scripts/cli/launch-bundled.mjs", script, ...args]];
  return [process.execPath, ["--import", "vitest/node", "--import", "tsx", `scripts/${script}.ts`, ...args]];
}
