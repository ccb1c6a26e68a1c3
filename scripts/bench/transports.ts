// One graded test's worth of work (start the server, connect, call the tool
// with a sampling round trip, close) in memory, as the grader does it, and over
// stdio with a spawned server, as a real client would.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { connectMockClient } from "../../tests/kit/mock-sampling-client.js";
import { COURSE_ROOT, SOLUTIONS_DIR } from "../course-paths.js";

const LESSON = "01-first-sampling-call";
const ARGS = { text_to_summarize: "The benchmark measures one summarize call." };

export async function inMemoryTestMs(): Promise<number> {
  const { createServer } = (await import(pathToFileURL(path.join(SOLUTIONS_DIR, LESSON, "server.ts")).href)) as {
    createServer: () => McpServer;
  };
  const start = performance.now();
  const mock = await connectMockClient(createServer(), "bench");
  await mock.callTool("summarize", ARGS);
  await mock.close();
  return performance.now() - start;
}

export async function stdioTestMs(): Promise<number> {
  const start = performance.now();
  const client = new Client({ name: "bench", version: "1.0.0" }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    model: "bench-model",
    role: "assistant" as const,
    content: { type: "text" as const, text: "A summary." },
  }));
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", path.join(COURSE_ROOT, "scripts", "serve.ts"), "01", "--solutions"],
      cwd: COURSE_ROOT,
      stderr: "ignore",
    }),
  );
  await client.callTool({ name: "summarize", arguments: ARGS });
  await client.close();
  return performance.now() - start;
}
