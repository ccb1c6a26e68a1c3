// npm run serve -- <lesson>: runs a lesson's server over stdio, for MCP Inspector,
// VS Code or any other MCP client. stdout carries protocol messages only, so
// everything this script says goes to stderr.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { parseLessonCommand } from "./cli/one-lesson.js";
import { runCommand, UsageError } from "./cli/usage.js";
import { LESSONS_DIR, SOLUTIONS_DIR } from "./course-paths.js";

const USAGE = `Usage: npm run --silent serve -- <lesson> [--solutions]

Runs the lesson's server over stdio (--solutions: the reference solution's).
Point an MCP client at it, for example:
  npx @modelcontextprotocol/inspector npm run --silent serve -- 01`;

await runCommand(USAGE, async () => {
  const { lesson, values } = parseLessonCommand(process.argv.slice(2), { solutions: { type: "boolean", default: false } });
  if ((lesson.kind ?? "server") !== "server") {
    throw new UsageError(`Lesson ${lesson.number} has no server to run: its exercise is ${lesson.files.join(", ")}.`);
  }
  const file = path.join(values.solutions ? SOLUTIONS_DIR : LESSONS_DIR, lesson.id, "server.ts");
  const { createServer } = (await import(pathToFileURL(file).href)) as { createServer: () => McpServer };
  if (lesson.sdk === 2) {
    // SDK v2 decides the protocol era per connection, so 2025 and 2026 clients both work.
    const { serveStdio } = await import("@modelcontextprotocol/server/stdio");
    serveStdio(() => createServer() as never);
  } else {
    await createServer().connect(new StdioServerTransport());
  }
  console.error(`Lesson ${lesson.number} (${lesson.title}) is serving on stdio from ${path.relative(process.cwd(), file)}.`);
  return 0;
});
