// npm run serve -- <lesson>: runs a lesson's server over stdio, for MCP Inspector,
// VS Code or any other MCP client. stdout carries protocol messages only, so
// everything this script says goes to stderr.
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { LESSONS_DIR, SOLUTIONS_DIR } from "./course-paths.js";
import { loadCatalog, selectLessons } from "./grader/catalog.js";

const USAGE = `Usage: npm run --silent serve -- <lesson> [--solutions]

Runs the lesson's server over stdio. Point an MCP client at it, for example:
  npx @modelcontextprotocol/inspector npm run --silent serve -- 01`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { solutions: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const [lesson] = selectLessons(loadCatalog(), positionals);
  if (!lesson) return 2;
  if ((lesson.kind ?? "server") !== "server") {
    console.error(`Lesson ${lesson.number} has no server to run: its exercise is ${lesson.files.join(", ")}.`);
    return 2;
  }
  const file = path.join(values.solutions ? SOLUTIONS_DIR : LESSONS_DIR, lesson.id, "server.ts");
  const { createServer } = (await import(pathToFileURL(file).href)) as { createServer: () => McpServer };
  await createServer().connect(new StdioServerTransport());
  console.error(`Lesson ${lesson.number} (${lesson.title}) is serving on stdio from ${path.relative(process.cwd(), file)}.`);
  return 0;
}

process.exitCode = await main();
