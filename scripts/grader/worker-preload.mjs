// Loaded by each of the grader's vitest workers as it boots (worker-pool.ts): the
// packages every graded test file needs, so that importing the first test file
// finds them loaded. Plain JavaScript: it runs before any TypeScript loader.
await Promise.all([
  import("@modelcontextprotocol/sdk/client/index.js"),
  import("@modelcontextprotocol/sdk/types.js"),
  import("esbuild"),
]);
