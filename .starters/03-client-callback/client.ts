// Lesson 03: the client's side of sampling.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 03
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ErrorCode,
  McpError,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ModelHint,
  type SamplingMessage,
} from "@modelcontextprotocol/sdk/types.js";
import type { LlmProvider, ProviderMessage } from "../../lib/llm-provider.js";

export type SamplingParams = CreateMessageRequest["params"];

export interface SamplingClientOptions {
  /** The LLM this client pays for. Its key stays in this process; servers only see answers. */
  provider: LlmProvider;
  /** Shows a request to a person: true sends it to the provider, false denies it. May be async. */
  approve?: (params: SamplingParams) => boolean | Promise<boolean>;
}

// Without an approve function the embedding application has chosen to trust every
// request (a test, a headless agent). An interactive client passes one that asks.
const approveEveryRequest = () => true;

export function createSamplingClient({ provider, approve = approveEveryRequest }: SamplingClientOptions): Client {
  // TODO 1: declare the sampling capability, so servers know they may ask this client.
  //   Pass a second argument to new Client: { capabilities: { sampling: {} } }.
  const client = new Client({ name: "lesson-03-sampling-client", version: "1.0.0" });

  // TODO 2: answer sampling requests:
  //   client.setRequestHandler(CreateMessageRequestSchema, (request) => answerSamplingRequest(request.params, provider, approve));
  //   (setRequestHandler throws "Client does not support sampling capability" until TODO 1 is done.)
  return client;
}

async function answerSamplingRequest(
  params: SamplingParams,
  provider: LlmProvider,
  approve: (params: SamplingParams) => boolean | Promise<boolean>,
): Promise<CreateMessageResult> {
  // TODO 3: convert params.messages with toProviderMessages (do it first: a request this
  //   client cannot serve should fail before anyone is asked to approve it).
  //
  // TODO 4: await approve(params). When it is false, throw new McpError(-1, "User rejected sampling request")
  //   and do not call the provider.
  //
  // TODO 5: choose the model with pickModel(params.modelPreferences?.hints ?? [], provider.models).
  //
  // TODO 6: call provider.complete({ model, systemPrompt, messages, maxTokens, temperature, stopSequences }),
  //   taking each field from params. If it throws, throw a NEW McpError(ErrorCode.InternalError, ...) that
  //   names provider.name and says the request failed. Never copy the caught error's message: it can hold a key.
  //
  // TODO 7: return { model, role: "assistant", content: { type: "text", text }, stopReason },
  //   with the provider's stopReason, or "endTurn" when it gave none.
  throw new McpError(ErrorCode.InternalError, "TODO: answerSamplingRequest is not written yet (lessons/03-client-callback/client.ts)");
}

/** MCP messages carry typed content blocks; the provider takes one string per message. */
function toProviderMessages(messages: SamplingMessage[]): ProviderMessage[] {
  // TODO: map each message to { role, content: string }. Its content is one block or a list of
  //   blocks: use the text of text blocks, and throw new McpError(ErrorCode.InvalidParams, "...")
  //   naming the type of any other block (image, audio, ...).
  throw new McpError(ErrorCode.InternalError, "TODO: toProviderMessages is not written yet (lessons/03-client-callback/client.ts)");
}

/** The spec's model selection rule. */
function pickModel(hints: ModelHint[], models: string[]): string {
  // TODO: try the hints in order; the first hint whose name is part of a model id picks that
  //   model. Hints are advice: when none matches, return models[0], the provider's default.
  throw new McpError(ErrorCode.InternalError, "TODO: pickModel is not written yet (lessons/03-client-callback/client.ts)");
}
