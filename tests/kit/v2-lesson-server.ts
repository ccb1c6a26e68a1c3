// Serves a lesson written with SDK v2 (@modelcontextprotocol/server) the way the
// 2026-07-28 era serves it: from a factory that builds a fresh McpServer for each
// serving unit. Two kinds of client talk to it, both in-process (no network):
//   - a 2026-07-28 client (SDK v2 Client, pinned) over the HTTP handler of
//     createMcpHandler(factory), reached through a fetch function: every request
//     gets a fresh server, as in a real stateless deployment;
//   - a 2025-era client: the kit's SDK v1 mock client, over serveStdio(factory)
//     on an in-memory transport, where the SDK's legacy shim turns input-required
//     results into pushed sampling requests.
// Both clients answer sampling with the same scripted model (replies.ts).
import type { McpServer as V1McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  Client,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  StreamableHTTPClientTransport,
  type CallToolResult,
  type ClientCapabilities,
} from "@modelcontextprotocol/client";
import { createMcpHandler, type McpServer, type Transport } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { LessonUnderTest } from "./lesson-under-test.js";
import { demand } from "./mistake.js";
import { connectMockClient, type MockOptions, type MockSamplingClient } from "./mock-sampling-client.js";
import { ScriptedModel, type SamplingParams } from "./scripted-model.js";
import { defaultCallTimeout, demandNotHung, hangOf, toOutcome, type ToolOutcome } from "./tool-calls.js";

const MODERN_PROTOCOL_VERSION = "2026-07-28";

export type ServerFactory = () => McpServer;

/** Loads the lesson's createServer and checks that it builds a v2 McpServer with these deps. */
export async function loadServerFactory<Deps>(lesson: LessonUnderTest, deps?: Deps, file = "server.ts"): Promise<ServerFactory> {
  const shown = lesson.display(file);
  const module = await lesson.load<{ createServer?: unknown }>(file);
  demand(typeof module.createServer === "function", {
    problem: `${shown} does not export a createServer function`,
    expected: "export function createServer(deps?) { ... return server; }",
    received: Object.keys(module),
    file: shown,
  });
  const createServer = module.createServer as (deps?: Deps) => unknown;
  const factory = () => createServer(deps) as McpServer;
  const sample = factory();
  // Duck-typed (a student's copy may resolve its own install); projectCallToolResult exists only in v2.
  demand(isV2McpServer(sample), {
    problem: "createServer() did not return an SDK v2 McpServer",
    expected: 'new McpServer(...) from "@modelcontextprotocol/server" (not the v1 "@modelcontextprotocol/sdk")',
    received: sample,
    file: shown,
  });
  return factory;
}

function isV2McpServer(value: unknown): value is McpServer {
  const candidate = value as { registerTool?: unknown; server?: { projectCallToolResult?: unknown } } | null;
  return typeof candidate?.registerTool === "function" && typeof candidate.server?.projectCallToolResult === "function";
}

/** What one leg of a tool call returned when the client does not fulfil input requests itself. */
export type RoundOutcome =
  | { kind: "input_required"; inputRequests: Record<string, unknown>; requestState: unknown }
  | { kind: "complete"; outcome: ToolOutcome }
  | { kind: "error"; error: unknown };

export interface RetryInput {
  inputResponses?: Record<string, unknown>;
  requestState?: unknown;
}

/** A 2026-07-28 client connected to the lesson's factory; sampling is answered by the scripted model. */
export class ModernClient {
  constructor(
    readonly client: Client,
    /** The scripted model: records every sampling request this client fulfilled. */
    readonly model: ScriptedModel,
    private readonly file: string,
    private readonly pushes: { count: number },
    private readonly closeConnection: () => Promise<void>,
  ) {}

  get requests() {
    return this.model.requests;
  }

  /** Push-style sampling calls (createMessage / requestSampling) the lesson's servers attempted. */
  get pushAttempts(): number {
    return this.pushes.count;
  }

  /** Calls a tool and lets the client fulfil input-required rounds, as real 2026 clients do. */
  async callTool(name: string, args: Record<string, unknown>, options: { timeoutMs?: number } = {}): Promise<ToolOutcome> {
    demandNotHung(this.file);
    const timeout = options.timeoutMs ?? defaultCallTimeout();
    try {
      return toOutcome((await this.client.callTool({ name, arguments: args }, { timeout, maxTotalTimeout: timeout })) as ToolOutcome["result"]);
    } catch (error) {
      throw asHang(error, name, timeout, this.file);
    }
  }

  /** One leg only: an input-required result comes back as it is, for the test to inspect or tamper with. */
  async callOnce(name: string, args: Record<string, unknown>, retry: RetryInput = {}, options: { timeoutMs?: number } = {}): Promise<RoundOutcome> {
    demandNotHung(this.file);
    const timeout = options.timeoutMs ?? defaultCallTimeout();
    // The retry fields travel beside name and arguments, as the client's own driver sends them.
    const params = { name, arguments: args, ...retry } as Parameters<Client["callTool"]>[0];
    let result: CallToolResult & { resultType?: string; inputRequests?: Record<string, unknown>; requestState?: unknown };
    try {
      result = await this.client.callTool(params, { timeout, allowInputRequired: true });
    } catch (error) {
      if (isTimeout(error)) throw asHang(error, name, timeout, this.file);
      return { kind: "error", error };
    }
    if (result.resultType === "input_required") {
      return { kind: "input_required", inputRequests: result.inputRequests ?? {}, requestState: result.requestState };
    }
    return { kind: "complete", outcome: toOutcome(result as ToolOutcome["result"]) };
  }

  close(): Promise<void> {
    return this.closeConnection();
  }
}

/**
 * Connects a client pinned to 2026-07-28 to `createMcpHandler(factory)`. Every
 * server the factory builds is watched for push-style sampling, which a
 * 2026-07-28 request cannot carry.
 */
export async function connectModernClient(factory: ServerFactory, file: string, options: MockOptions = {}): Promise<ModernClient> {
  const pushes = { count: 0 };
  const handler = createMcpHandler(() => watchPushSampling(factory(), pushes));
  const sampling = options.sampling ?? true;
  const capabilities: ClientCapabilities = sampling ? { sampling: typeof sampling === "object" && sampling.tools ? { tools: {} } : {} } : {};
  const client = new Client(
    { name: "course-modern-client", version: "1.0.0" },
    { capabilities, versionNegotiation: { mode: { pin: MODERN_PROTOCOL_VERSION } } },
  );
  const model = new ScriptedModel(options.replies);
  if (sampling) {
    client.setRequestHandler("sampling/createMessage", (request, ctx) =>
      model.answer(request.params as SamplingParams, ctx.mcpReq.signal) as never,
    );
  }
  const transport = new StreamableHTTPClientTransport(new URL("http://lesson.test/mcp"), {
    fetch: (url, init) => handler.fetch(new Request(url, init)),
  });
  await client.connect(transport);
  return new ModernClient(client, model, file, pushes, async () => {
    await client.close();
    await handler.close();
  });
}

/**
 * Connects the kit's SDK v1 mock client (a 2025-era client) to the factory
 * through serveStdio, the entry that serves both eras from one factory.
 */
export function connectLegacyClient(factory: ServerFactory, file: string, options: MockOptions = {}): Promise<MockSamplingClient> {
  // connectMockClient only calls .connect(transport) on what it is given.
  const entry = {
    connect: async (transport: unknown) => {
      serveStdio(() => factory(), { transport: transport as Transport });
    },
  } as unknown as V1McpServer;
  return connectMockClient(entry, file, options);
}

/** Counts calls to the push-style sampling API; ctx.mcpReq.requestSampling goes through it too. */
function watchPushSampling(server: McpServer, pushes: { count: number }): McpServer {
  const protocol = server.server;
  const original = protocol.createMessage.bind(protocol);
  protocol.createMessage = ((...args: Parameters<typeof original>) => {
    pushes.count += 1;
    return original(...args);
  }) as typeof protocol.createMessage;
  return server;
}

function isTimeout(error: unknown): boolean {
  return error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout;
}

function asHang(error: unknown, name: string, timeout: number, file: string): unknown {
  return isTimeout(error) ? hangOf(file, name, timeout) : error;
}

/** The JSON-RPC error code of a failed call, when it has one. */
export function errorCode(error: unknown): number | string | undefined {
  if (error instanceof ProtocolError || error instanceof SdkError) return error.code;
  return undefined;
}
