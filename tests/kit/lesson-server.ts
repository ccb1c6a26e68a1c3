// Starts a lesson's server the way every graded test needs it: the lesson's host
// builds the server from the student's module with the test's deps (fakes that
// stay here, called back through the host), and the mock client connects to it.
import { HostTransport } from "./host-transport.js";
import { explained, type LessonUnderTest } from "./lesson-under-test.js";
import { connectMockClient, type MockOptions, type MockSamplingClient, type ToolOutcome } from "./mock-sampling-client.js";
import { demand, mistake, show } from "./mistake.js";
import type { SetupFailure } from "../host/protocol.js";

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
  const host = lesson.host();
  const transport = new HostTransport(host);
  const setup = await explained(shown, host.request<{ ok: true } | SetupFailure>({ op: "serve", conn: transport.conn, file, deps: host.encode(options.deps), sdk: 1 }));
  demandSetUp(setup, shown, { name: "createServer", kind: "an McpServer", expected: "export function createServer(deps?) { ... return server; }" });
  return connectMockClient(transport, shown, options, host);
}

/** Names what stopped the host from building the lesson's server (or client). */
export function demandSetUp(
  setup: { ok: true } | SetupFailure,
  shown: string,
  { name, kind, expected }: { name: string; kind: string; expected: string },
): void {
  if ("ok" in setup) return;
  if (setup.failure === "no-export") {
    throw mistake({ problem: `${shown} does not export a ${name} function`, expected, received: setup.exports, file: shown });
  }
  if (setup.failure === "threw") throw mistake({ problem: `${name}() threw instead of returning ${kind}`, received: setup.message, file: shown });
  throw mistake({ problem: `${name}() did not return ${kind}`, expected: setup.expected, received: setup.received, file: shown });
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
  // Built only on failure: reading a malformed result's text throws that mistake instead.
  if (sent === 0) {
    throw mistake({
      problem: `${tool} sent no sampling request`,
      expected: count === undefined || count === 1 ? "one sampling/createMessage request" : `exactly ${count} sampling/createMessage requests`,
      received: `the tool answered: ${outcome.text}`,
      fix: "await server.server.createMessage({ ... }) inside the tool's callback",
      file,
    });
  }
  demand(count === undefined || sent === count, {
    problem: `${tool} sent ${sent} sampling requests for one call`,
    expected: `exactly ${count}`,
    received: mock.requests.map((r) => r.params.messages),
    file,
  });
}
