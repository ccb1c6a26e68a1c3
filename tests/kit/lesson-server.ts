// Starts a lesson's server the way every graded test needs it: load the
// student's module, build the server with injected deps, connect the mock client.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { LessonUnderTest } from "./lesson-under-test.js";
import { connectMockClient, type MockOptions, type MockSamplingClient, type ToolOutcome } from "./mock-sampling-client.js";
import { demand, show } from "./mistake.js";

export interface StartOptions<Deps> extends MockOptions {
  deps?: Deps;
  /** The module that exports createServer (default server.ts). */
  file?: string;
}

export async function startLessonServer<Deps = unknown>(
  lesson: LessonUnderTest,
  options: StartOptions<Deps> = {},
): Promise<MockSamplingClient> {
  const file = options.file ?? "server.ts";
  const shown = lesson.display(file);
  const module = await lesson.load<{ createServer?: unknown }>(file);
  demand(typeof module.createServer === "function", {
    problem: `${shown} does not export a createServer function`,
    expected: "export function createServer(deps?) { ... return server; }",
    received: Object.keys(module),
    file: shown,
  });
  const server = await (module.createServer as (deps?: Deps) => unknown)(options.deps);
  // Duck-typed: a student's copy may resolve its own install of the SDK.
  demand(isMcpServer(server), {
    problem: "createServer() did not return an McpServer",
    expected: 'an McpServer from "@modelcontextprotocol/sdk/server/mcp.js"',
    received: server,
    file: shown,
  });
  return connectMockClient(server, shown, options);
}

/** Checks that the server lists `name` with exactly the given argument names. */
export async function demandTool(mock: MockSamplingClient, file: string, name: string, args: string[]): Promise<void> {
  const { tools } = await mock.client.listTools();
  const tool = tools.find((t) => t.name === name);
  demand(tool, {
    problem: `the server has no tool named "${name}"`,
    expected: `server.registerTool("${name}", ...)`,
    received: tools.map((t) => t.name),
    file,
  });
  const properties = Object.keys((tool.inputSchema.properties ?? {}) as object).sort();
  demand(show(properties) === show([...args].sort()), {
    problem: `${name} takes the wrong arguments`,
    expected: `inputSchema with ${args.map((a) => `"${a}"`).join(", ")}`,
    received: properties,
    file,
  });
}

function isMcpServer(value: unknown): value is McpServer {
  const candidate = value as Partial<McpServer> | null;
  return typeof candidate?.connect === "function" && typeof candidate.registerTool === "function";
}

/**
 * Checks that a tool call sent sampling requests (exactly `count` when given),
 * so later checks never run against a tool that has not sampled at all.
 */
export function demandSampled(
  mock: MockSamplingClient,
  outcome: ToolOutcome,
  { tool, file, count }: { tool: string; file: string; count?: number },
): void {
  const sent = mock.requests.length;
  demand(sent > 0, {
    problem: `${tool} sent no sampling request`,
    expected: count === undefined || count === 1 ? "one sampling/createMessage request" : `exactly ${count} sampling/createMessage requests`,
    received: `the tool answered: ${outcome.text}`,
    fix: "await server.server.createMessage({ ... }) inside the tool's callback",
    file,
  });
  demand(count === undefined || sent === count, {
    problem: `${tool} sent ${sent} sampling requests for one call`,
    expected: `exactly ${count}`,
    received: mock.requests.map((r) => r.params.messages),
    file,
  });
}
