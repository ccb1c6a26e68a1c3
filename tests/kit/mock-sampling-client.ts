// The mock sampling client: a real SDK Client, connected over a real in-memory
// transport to the lesson's real McpServer. Only the LLM behind it is scripted
// (scripted-model.ts, replies.ts), and every sampling request is recorded.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import {
  CreateMessageRequestSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { ScriptedModel, type Script, type SamplingParams } from "./scripted-model.js";
import { personaSetup, type SamplingOption } from "./persona-client.js";
import type { PersonaName } from "./personas.js";
import type { LessonHost } from "./lesson-host.js";
import type { WireEntry } from "./wire-log.js";
import { defaultCallTimeout, demandNotHung, hangOf, toOutcome, type ToolOutcome } from "./tool-calls.js";
import { demandAwaited, demandValidRequests, isResultShapeError, malformedOutcome } from "./tool-call-mistakes.js";

export type { RecordedSamplingRequest, SamplingParams } from "./scripted-model.js";
export { LessonHangError } from "./lesson-errors.js";
export type { ToolOutcome } from "./tool-calls.js";

export interface MockOptions {
  /**
   * The real client to behave as (default "spec"): its clientInfo, its capabilities, and
   * the error a denial (replies.deny()) arrives with. See tests/kit/personas.ts.
   */
  persona?: PersonaName;
  /**
   * Declare sampling as the persona does (default), not at all (false), or with sampling.tools
   * (`{ tools: true }`: only spec and auto-approve, as fast-agent; see persona-client.ts).
   */
  sampling?: SamplingOption;
  /**
   * How the scripted LLM answers. One responder answers every request; a list
   * answers request i with entry i, and the last entry answers the rest.
   */
  replies?: Script;
}

export interface CallOptions {
  /** Ask for progress notifications (sends a progress token). */
  progress?: boolean;
  /** How long to wait before calling the tool hung. Default COURSE_CALL_TIMEOUT_MS or 1000 ms. */
  timeoutMs?: number;
}

export class MockSamplingClient {
  constructor(
    readonly client: Client,
    /** The scripted LLM behind this client's sampling handler. */
    readonly model: ScriptedModel,
    private readonly file: string,
    /** The host running the lesson's server, when the server is a student's. */
    readonly host?: LessonHost,
    private readonly conn?: number,
  ) {}

  /** The MCP messages this client's connection carried, in order (empty without a host). */
  get wire(): WireEntry[] {
    return this.host?.wire.entries.filter((entry) => entry.conn === this.conn) ?? [];
  }

  get requests() {
    return this.model.requests;
  }

  /** The most requests that were in flight at the same moment. */
  get peakConcurrency(): number {
    return this.model.peakConcurrency;
  }

  /** Calls a tool on the lesson's server and normalises the result. */
  async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<ToolOutcome> {
    demandNotHung(this.file);
    const timeout = options.timeoutMs ?? defaultCallTimeout();
    const progress: Progress[] = [];
    const seen = this.wire.length;
    const call = () => ({ tool: name, file: this.file, wire: this.wire.slice(seen) });
    try {
      const result = await this.client.callTool({ name, arguments: args }, undefined, {
        timeout,
        ...(options.progress ? { onprogress: (p: Progress) => void progress.push(p) } : {}),
      });
      const outcome = toOutcome(result as CallToolResult, progress);
      // Mistakes the call shows by itself are named here, before a test reads a symptom of them.
      demandValidRequests(call());
      demandAwaited(call(), outcome);
      return outcome;
    } catch (error) {
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) throw await hangOf(this.file, name, timeout, this.host);
      if (error instanceof McpError && error.code === ErrorCode.InvalidParams && isResultShapeError(error)) {
        demandValidRequests(call());
        return malformedOutcome(call(), error.message);
      }
      throw this.host?.failure ?? error;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

// Each SDK Client otherwise builds an Ajv instance of its own (~1 ms, ~75 ms a
// grading worker); one serves every client the same.
let validator: AjvJsonSchemaValidator | undefined;
const sharedValidator = () => (validator ??= new AjvJsonSchemaValidator());

/**
 * Connects a mock sampling client to a lesson's server: through a transport to a
 * lesson host, or in memory to a server of the course's own (the kit's tests).
 * `file` is the path shown in messages.
 */
export async function connectMockClient(
  target: Transport | McpServer,
  file: string,
  options: MockOptions = {},
  host?: LessonHost,
): Promise<MockSamplingClient> {
  const { persona, clientInfo, capabilities } = personaSetup(options.persona, options.sampling);
  const client = new Client(clientInfo, { capabilities, jsonSchemaValidator: sharedValidator() });
  const model = new ScriptedModel(options.replies, persona);
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => model.answer(request.params, extra.signal) as never);
  } else {
    client.fallbackRequestHandler = async (request) => {
      if (request.method === "sampling/createMessage") model.refuse(request.params as SamplingParams);
      throw new McpError(ErrorCode.MethodNotFound, "Method not found");
    };
  }
  if ("registerTool" in target) {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([target.connect(serverSide), client.connect(clientSide)]);
  } else {
    await client.connect(target).catch((error: unknown) => {
      throw host?.failure ?? error;
    });
  }
  return new MockSamplingClient(client, model, file, host, "conn" in target ? (target.conn as number) : undefined);
}
