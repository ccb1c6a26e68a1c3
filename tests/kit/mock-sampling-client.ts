// The mock sampling client: a real SDK Client, connected over a real in-memory
// transport to the lesson's real McpServer. Only the LLM behind it is scripted
// (see replies.ts), and every sampling request is recorded for assertions.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  CreateMessageRequestSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type ClientCapabilities,
  type CreateMessageRequest,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { replies, type Responder } from "./replies.js";

export type SamplingParams = CreateMessageRequest["params"];

export interface RecordedSamplingRequest {
  /** 0 for the first request this client received. */
  index: number;
  params: SamplingParams;
  /** performance.now() when the request reached the client, and when its answer left. */
  arrivedAt: number;
  settledAt?: number;
  outcome: "pending" | "answered" | "failed";
  /** Requests already in flight when this one arrived (0 = it was alone). */
  othersInFlight: number;
}

export interface MockOptions {
  /** Declare the sampling capability (default true); `{ tools: true }` also declares sampling.tools. */
  sampling?: boolean | { tools?: boolean };
  /**
   * How the scripted LLM answers. One responder answers every request; a list
   * answers request i with entry i, and the last entry answers the rest.
   */
  replies?: Responder | Responder[];
}

export interface ToolOutcome {
  result: CallToolResult;
  /** The text blocks of the result, joined with newlines. */
  text: string;
  isError: boolean;
  structured: Record<string, unknown> | undefined;
  /** Progress notifications received for this call, in order (only with `progress: true`). */
  progress: Progress[];
}

export interface CallOptions {
  /** Ask for progress notifications (sends a progress token). */
  progress?: boolean;
  /** How long to wait before calling the tool hung. Default COURSE_CALL_TIMEOUT_MS or 1000 ms. */
  timeoutMs?: number;
}

/** A tool call that never answered: the grader reports the lesson as `error`. */
export class LessonHangError extends Error {
  override name = "LessonHangError";
}

// Once a call to a lesson has hung, later calls to it fail at once instead of each
// waiting out its own timeout. Keyed by lesson file: the grader's workers run
// several lessons and share this module.
const hungCalls = new Map<string, string>();

export class MockSamplingClient {
  readonly requests: RecordedSamplingRequest[] = [];
  /** The most requests that were in flight at the same moment. */
  peakConcurrency = 0;
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  constructor(
    readonly client: Client,
    /** The lesson's server this client is connected to. */
    readonly server: McpServer,
    private readonly responders: Responder[],
    private readonly file: string,
  ) {}

  get inFlightNow(): number {
    return this.inFlight;
  }

  /** Calls a tool on the lesson's server and normalises the result. */
  async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<ToolOutcome> {
    const hung = hungCalls.get(this.file);
    if (hung) {
      throw new LessonHangError(`not run: an earlier call (${hung}) never answered, so this one would hang too.`);
    }
    const timeout = options.timeoutMs ?? defaultCallTimeout();
    const progress: Progress[] = [];
    let result: CallToolResult;
    try {
      result = (await this.client.callTool({ name, arguments: args }, undefined, {
        timeout,
        ...(options.progress ? { onprogress: (p: Progress) => void progress.push(p) } : {}),
      })) as CallToolResult;
    } catch (error) {
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        hungCalls.set(this.file, name);
        throw new LessonHangError(
          `${name} never answered (waited ${timeout} ms). Look in ${this.file} for a promise that never settles: ` +
            `a missing return, an await on something that never resolves, or a retry loop with no end.`,
        );
      }
      throw error;
    }
    const text = (result.content ?? [])
      .flatMap((block) => (block.type === "text" ? [block.text] : []))
      .join("\n");
    return {
      result,
      text,
      isError: result.isError === true,
      structured: result.structuredContent as Record<string, unknown> | undefined,
      progress,
    };
  }

  /** Resolves true once `count` requests are in flight at once, false after `withinMs`. */
  waitForInFlight(count: number, withinMs: number): Promise<boolean> {
    if (this.inFlight >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(false);
      }, withinMs);
      const check = () => {
        if (this.inFlight < count) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(true);
      };
      this.waiters.push(check);
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** @internal the client's sampling handler. */
  async answer(params: SamplingParams, signal: AbortSignal): Promise<unknown> {
    const record = this.record(params);
    const responder = this.responders[Math.min(record.index, this.responders.length - 1)]!;
    try {
      const result = await responder(record, { mock: this, signal });
      record.outcome = "answered";
      return result;
    } catch (error) {
      record.outcome = "failed";
      throw error;
    } finally {
      record.settledAt = performance.now();
      this.inFlight -= 1;
    }
  }

  /**
   * @internal A sampling request sent to a client that did not declare sampling:
   * recorded (a test can then name the mistake) and refused as a real client would.
   */
  refuse(params: SamplingParams): never {
    const record = this.record(params);
    record.outcome = "failed";
    record.settledAt = performance.now();
    this.inFlight -= 1;
    throw new McpError(ErrorCode.MethodNotFound, "Method not found");
  }

  private record(params: SamplingParams): RecordedSamplingRequest {
    const record: RecordedSamplingRequest = {
      index: this.requests.length,
      params,
      arrivedAt: performance.now(),
      outcome: "pending",
      othersInFlight: this.inFlight,
    };
    this.requests.push(record);
    this.inFlight += 1;
    this.peakConcurrency = Math.max(this.peakConcurrency, this.inFlight);
    for (const waiter of [...this.waiters]) waiter();
    return record;
  }
}

/** Connects a mock sampling client to a lesson's server. `file` is the path shown in messages. */
export async function connectMockClient(
  server: McpServer,
  file: string,
  options: MockOptions = {},
): Promise<MockSamplingClient> {
  const sampling = options.sampling ?? true;
  const capabilities: ClientCapabilities = {};
  if (sampling) capabilities.sampling = typeof sampling === "object" && sampling.tools ? { tools: {} } : {};

  const client = new Client({ name: "course-mock-client", version: "1.0.0" }, { capabilities });
  const scripted = options.replies ?? replies.text("Mock reply from the client's model.");
  const mock = new MockSamplingClient(client, server, Array.isArray(scripted) ? scripted : [scripted], file);
  if (sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) =>
      mock.answer(request.params, extra.signal) as never,
    );
  } else {
    client.fallbackRequestHandler = async (request) => {
      if (request.method === "sampling/createMessage") mock.refuse(request.params as SamplingParams);
      throw new McpError(ErrorCode.MethodNotFound, "Method not found");
    };
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return mock;
}

function defaultCallTimeout(): number {
  const configured = Number(process.env.COURSE_CALL_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 1000;
}
