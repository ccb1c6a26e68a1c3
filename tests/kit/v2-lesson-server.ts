// Serves a lesson written with SDK v2 (@modelcontextprotocol/server) the way the
// 2026-07-28 era serves it: from a factory that builds a fresh McpServer for each
// serving unit. The factory runs in the lesson's host; two kinds of client talk
// to it from here:
//   - a 2026-07-28 client (SDK v2 Client, pinned) over Streamable HTTP to the host's
//     createMcpHandler(factory), the HTTP exchanges carried over the host's channel
//     instead of a network: every request gets a fresh server, as in a real
//     stateless deployment;
//   - a 2025-era client: the kit's SDK v1 mock client, over serveStdio(factory) in
//     the host, where the SDK's legacy shim turns input-required results into
//     pushed sampling requests.
// Both clients answer sampling with the same scripted model (replies.ts).
import {
  Client,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  StreamableHTTPClientTransport,
  type CallToolResult,
  type ClientCapabilities,
} from "@modelcontextprotocol/client";
import { HostTransport } from "./host-transport.js";
import type { LessonHost } from "./lesson-host.js";
import { explained, type LessonUnderTest } from "./lesson-under-test.js";
import { demandSetUp } from "./lesson-server.js";
import { connectMockClient, type MockOptions, type MockSamplingClient } from "./mock-sampling-client.js";
import { ScriptedModel, type SamplingParams } from "./scripted-model.js";
import { defaultCallTimeout, demandNotHung, hangOf, toOutcome, type ToolOutcome } from "./tool-calls.js";
import type { SetupFailure } from "../host/protocol.js";

const MODERN_PROTOCOL_VERSION = "2026-07-28";

/** Asks the host to serve the lesson's createServer as a v2 factory on a new connection; names what went wrong. */
async function serveFactory<Deps>(lesson: LessonUnderTest, era: "legacy" | "modern", conn: number, deps: Deps | undefined, file: string): Promise<void> {
  const host = lesson.host();
  const shown = lesson.display(file);
  const setup = await explained(
    shown,
    host.request<{ ok: true } | SetupFailure>({ op: "serve", conn, file, deps: host.encode(deps), sdk: 2, era }),
  );
  demandSetUp(setup, shown, { name: "createServer", kind: "an SDK v2 McpServer", expected: "export function createServer(deps?) { ... return server; }" });
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
    private readonly host: LessonHost,
    private readonly conn: number,
  ) {}

  get requests() {
    return this.model.requests;
  }

  /** Push-style sampling calls (createMessage / requestSampling) the lesson's servers attempted, as the host counted them. */
  pushAttempts(): Promise<number> {
    return this.host.request<number>({ op: "pushes", conn: this.conn }).catch(() => 0);
  }

  /** Calls a tool and lets the client fulfil input-required rounds, as real 2026 clients do. */
  async callTool(name: string, args: Record<string, unknown>, options: { timeoutMs?: number } = {}): Promise<ToolOutcome> {
    demandNotHung(this.file);
    const timeout = options.timeoutMs ?? defaultCallTimeout();
    try {
      return toOutcome((await this.client.callTool({ name, arguments: args }, { timeout, maxTotalTimeout: timeout })) as ToolOutcome["result"]);
    } catch (error) {
      throw this.host.failure ?? (await asHang(error, name, timeout, this.file, this.host));
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
      if (this.host.failure) throw this.host.failure;
      if (isTimeout(error)) throw await asHang(error, name, timeout, this.file, this.host);
      return { kind: "error", error };
    }
    if (result.resultType === "input_required") {
      return { kind: "input_required", inputRequests: result.inputRequests ?? {}, requestState: result.requestState };
    }
    return { kind: "complete", outcome: toOutcome(result as ToolOutcome["result"]) };
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.host.request({ op: "close", conn: this.conn }).catch(() => {});
  }
}

/**
 * Connects a client pinned to 2026-07-28 to the host's createMcpHandler(factory).
 * The host counts push-style sampling, which a 2026-07-28 request cannot carry.
 */
export async function connectModernClient<Deps>(lesson: LessonUnderTest, deps: Deps | undefined, options: MockOptions = {}, file = "server.ts"): Promise<ModernClient> {
  const host = lesson.host();
  const conn = host.connect({ onmessage: () => {}, onclose: () => {} });
  await serveFactory(lesson, "modern", conn, deps, file);
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
  const transport = new StreamableHTTPClientTransport(new URL("http://lesson.test/mcp"), { fetch: (url, init) => tunnel(host, conn, url, init) });
  await client.connect(transport).catch((error: unknown) => {
    throw host.failure ?? error;
  });
  return new ModernClient(client, model, lesson.display(file), host, conn);
}

/** One HTTP exchange with the host's handler, over the channel; the JSON-RPC bodies go in the wire log. */
async function tunnel(host: LessonHost, conn: number, url: string | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(url, init);
  const body = request.method === "GET" || request.method === "HEAD" ? null : await request.text();
  if (body) host.wire.record("to-lesson", conn, parseJson(body));
  const reply = await host.request<{ status: number; statusText: string; headers: Array<[string, string]>; body: string }>({
    op: "http",
    conn,
    url: request.url,
    method: request.method,
    headers: [...request.headers],
    body,
  });
  for (const message of messagesIn(reply.body)) host.wire.record("from-lesson", conn, message);
  return new Response(reply.status === 204 || reply.status === 304 ? null : reply.body, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
}

/** The JSON-RPC messages of an HTTP body: plain JSON, or the data lines of a server-sent event stream. */
function messagesIn(body: string): unknown[] {
  const json = parseJson(body);
  if (json !== undefined) return [json];
  return body
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => parseJson(line.slice(5).trim()))
    .filter((message) => message !== undefined);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Connects the kit's SDK v1 mock client (a 2025-era client) to the factory through serveStdio in the host. */
export async function connectLegacyClient<Deps>(lesson: LessonUnderTest, deps: Deps | undefined, options: MockOptions = {}, file = "server.ts"): Promise<MockSamplingClient> {
  const host = lesson.host();
  const transport = new HostTransport(host);
  await serveFactory(lesson, "legacy", transport.conn, deps, file);
  return connectMockClient(transport, lesson.display(file), options, host);
}

function isTimeout(error: unknown): boolean {
  return error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout;
}

async function asHang(error: unknown, name: string, timeout: number, file: string, host: LessonHost): Promise<unknown> {
  return isTimeout(error) ? hangOf(file, name, timeout, host) : error;
}

/** The JSON-RPC error code of a failed call, when it has one. */
export function errorCode(error: unknown): number | string | undefined {
  if (error instanceof ProtocolError || error instanceof SdkError) return error.code;
  return undefined;
}
