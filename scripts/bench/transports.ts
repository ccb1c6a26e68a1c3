// One graded test's worth of work (start the server, connect, call the tool
// with a sampling round trip, close) three ways: in memory in one process (as
// the grader did before sealing), through a lesson host (as it does now), and
// over stdio with a server process spawned per test, as a real client would.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { HostTransport } from "../../tests/kit/host-transport.js";
import { LessonHost } from "../../tests/kit/lesson-host.js";
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

/** Median time to start a lesson host (bundle, spawn, import), and of one test's call through it. */
export async function sealedTimings(hosts: number, calls: number): Promise<{ startMs: number; callMs: number }> {
  const starts: number[] = [];
  const durations: number[] = [];
  for (let round = 0; round < hosts; round++) {
    const start = performance.now();
    const host = new LessonHost({ lessonDir: path.join(SOLUTIONS_DIR, LESSON), files: ["server.ts"], shown: "bench", preload: [] });
    await host.request({ op: "exports", file: "server.ts" });
    starts.push(performance.now() - start);
    for (let call = 0; call < calls; call++) {
      const begin = performance.now();
      const transport = new HostTransport(host);
      await host.request({ op: "serve", conn: transport.conn, file: "server.ts", sdk: 1, deps: undefined });
      const mock = await connectMockClient(transport, "bench", {}, host);
      await mock.callTool("summarize", ARGS);
      await mock.close();
      durations.push(performance.now() - begin);
    }
    await host.dispose();
  }
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { startMs: middle(starts), callMs: middle(durations) };
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
