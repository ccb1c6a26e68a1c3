// A course command as its npm script runs it: Node with vitest/node preloaded
// (before tsx registers, which makes vitest load ~400 ms faster) and tsx for the
// TypeScript. For running one command from another, or from the course's tests.
export function courseCommand(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ["--import", "vitest/node", "--import", "tsx", `scripts/${script}.ts`, ...args]];
}
