// The mock client's "LLM": answers each sampling request with the scripted
// responder for it, and records every request (params, timing, concurrency).
// Any client can put it behind its sampling handler: the v1 mock client and the
// v2 (2026-07-28) client of tests/kit/v2-lesson-server.ts both do.
import { ErrorCode, McpError, type CreateMessageRequest } from "@modelcontextprotocol/sdk/types.js";
import { PERSONAS, type ClientPersona } from "./personas.js";
import { deniesRequest, replies, type Responder } from "./replies.js";

export type SamplingParams = CreateMessageRequest["params"];

export interface RecordedSamplingRequest {
  /** 0 for the first request this model received. */
  index: number;
  params: SamplingParams;
  /** performance.now() when the request arrived, and when its answer left. */
  arrivedAt: number;
  settledAt?: number;
  outcome: "pending" | "answered" | "failed";
  /** Requests already in flight when this one arrived (0 = it was alone). */
  othersInFlight: number;
}

/** One responder answers every request; a list answers request i with entry i, the last one the rest. */
export type Script = Responder | Responder[];

export class ScriptedModel {
  readonly requests: RecordedSamplingRequest[] = [];
  /** The most requests that were in flight at the same moment. */
  peakConcurrency = 0;
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private readonly responders: Responder[];

  constructor(
    script: Script = replies.text("Mock reply from the client's model."),
    /** The client this model answers for: a denial is raised as this client raises it. */
    readonly persona: ClientPersona = PERSONAS.spec,
  ) {
    this.responders = Array.isArray(script) ? script : [script];
    // Fail at connect, not with a -32603 in the middle of a lesson's test: nobody can deny for goose or fast-agent.
    if (!persona.deny && this.responders.some(deniesRequest)) {
      throw new Error(`the ${persona.name} persona (${persona.clients}) never denies a request: script a denial with spec, vscode or inspector`);
    }
  }

  get inFlightNow(): number {
    return this.inFlight;
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

  /** Answers one sampling request with its scripted responder. */
  async answer(params: SamplingParams, signal: AbortSignal): Promise<unknown> {
    const record = this.record(params);
    const responder = this.responders[Math.min(record.index, this.responders.length - 1)]!;
    try {
      const result = await responder(record, { model: this, signal });
      record.outcome = "answered";
      return result;
    } catch (error) {
      record.outcome = "failed";
      throw error;
    } finally {
      this.settle(record);
    }
  }

  /**
   * A sampling request sent to a client that did not declare sampling: recorded
   * (a test can then name the mistake) and refused as a real client would.
   */
  refuse(params: SamplingParams): never {
    const record = this.record(params);
    record.outcome = "failed";
    this.settle(record);
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

  private settle(record: RecordedSamplingRequest): void {
    record.settledAt = performance.now();
    this.inFlight -= 1;
  }
}
