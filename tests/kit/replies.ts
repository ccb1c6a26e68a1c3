// Scripted answers of the mock client's "LLM". Each responder decides how one
// sampling request is answered; the mock records what arrived either way.
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { RecordedSamplingRequest, SamplingParams, ScriptedModel } from "./scripted-model.js";

export interface ReplyContext {
  /** The scripted model answering: what it has recorded so far. */
  model: ScriptedModel;
  /** Aborted when the server gives up on the request (its timeout, or a cancellation). */
  signal: AbortSignal;
}

export type Responder = (request: RecordedSamplingRequest, context: ReplyContext) => unknown;

export const MOCK_MODEL = "mock-model-1";

// Marks a denial, so a scripted model can refuse one its persona could never send.
const DENIES = Symbol("denies");

/** Whether the responder scripts a person's denial. */
export function deniesRequest(responder: Responder): boolean {
  return DENIES in responder;
}

export interface TextReplyOptions {
  model?: string;
  stopReason?: string;
}

export const replies = {
  /** A normal text answer; `text` may be computed from the request. */
  text(text: string | ((params: SamplingParams, index: number) => string), options: TextReplyOptions = {}): Responder {
    return (request) => ({
      model: options.model ?? MOCK_MODEL,
      role: "assistant",
      content: { type: "text", text: typeof text === "function" ? text(request.params, request.index) : text },
      stopReason: options.stopReason ?? "endTurn",
    });
  },

  /** A valid answer whose content is an image, not text. */
  image(options: TextReplyOptions = {}): Responder {
    return () => ({
      model: options.model ?? MOCK_MODEL,
      role: "assistant",
      content: { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
      stopReason: options.stopReason ?? "endTurn",
    });
  },

  /** Any result object, sent as it is (valid or not: the SDK validates it). */
  raw(result: unknown): Responder {
    return () => result;
  },

  /** A result the SDK rejects; the server sees -32602 "Invalid sampling result". */
  malformed(): Responder {
    return () => ({ role: "assistant", content: "not a content block" });
  },

  /** The client's LLM call fails; the server sees -32603 with this message. */
  fail(message = "the model provider is unavailable"): Responder {
    return () => {
      throw new Error(message);
    };
  },

  /**
   * A person denies the request, and the server sees what the persona's client sends:
   * -1 (spec), -32000 (VS Code), -32603 "Sampling request rejected" (Inspector).
   */
  deny(): Responder {
    return Object.assign((_request: RecordedSamplingRequest, { model }: ReplyContext) => {
      throw model.persona.deny!();
    }, { [DENIES]: true });
  },

  /** The older name of deny(): a person denies the request, as the persona's client sends it. */
  reject(): Responder {
    return replies.deny();
  },

  /** Answers as a request timeout (-32001) at once, without waiting for one. */
  timedOut(): Responder {
    return () => {
      throw new McpError(ErrorCode.RequestTimeout, "Request timed out");
    };
  },

  /** Never answers; the pending handler ends when the server gives up on the request. */
  never(): Responder {
    return (_request, { signal }) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
  },

  /** Answers with `then` after `ms` on the (possibly faked) timers. */
  after(ms: number, then: Responder): Responder {
    return async (request, context) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return then(request, context);
    };
  },

  /**
   * Holds each answer until `count` requests are in flight at once, or `withinMs`
   * passes: proves that a server sends its requests concurrently. `held` records
   * whether the wait was met.
   */
  whenConcurrent(count: number, withinMs: number, then: Responder): Responder & { met: boolean[] } {
    const met: boolean[] = [];
    const responder = async (request: RecordedSamplingRequest, context: ReplyContext) => {
      met[request.index] = await context.model.waitForInFlight(count, withinMs);
      return then(request, context);
    };
    return Object.assign(responder, { met });
  },
};
