// Reference solution for lesson 03: the client's side of sampling. The client
// holds the provider (and its key), shows each request to a person, picks the
// model, and converts between MCP content and the provider's plain text.
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
import type { CompletionRequest, CompletionResult, LlmProvider, ProviderMessage } from "../../lib/llm-provider.js";

export type SamplingParams = CreateMessageRequest["params"];

export interface SamplingClientOptions {
  /** The LLM this client pays for. Its key stays in this process; servers only see answers. */
  provider: LlmProvider;
  /** Shows a request to a person: true sends it to the provider, false denies it. */
  approve?: (params: SamplingParams) => boolean | Promise<boolean>;
}

/** The spec's code for a request the user denied. */
const USER_REJECTED = -1;

// Without an approve function the embedding application has chosen to trust every
// request (a test, a headless agent). An interactive client passes one that asks.
const approveEveryRequest = () => true;

export function createSamplingClient({ provider, approve = approveEveryRequest }: SamplingClientOptions): Client {
  const client = new Client(
    { name: "lesson-03-sampling-client", version: "1.0.0" },
    // Servers read this during initialize: without it, a well-behaved server never asks.
    { capabilities: { sampling: {} } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, (request) => answerSamplingRequest(request.params, provider, approve));
  return client;
}

async function answerSamplingRequest(
  params: SamplingParams,
  provider: LlmProvider,
  approve: (params: SamplingParams) => boolean | Promise<boolean>,
): Promise<CreateMessageResult> {
  // Convert first: a request this client cannot serve is refused before anyone is asked about it.
  const messages = toProviderMessages(params.messages);
  if (!(await approve(params))) {
    throw new McpError(USER_REJECTED, "User rejected sampling request");
  }
  const model = pickModel(params.modelPreferences?.hints ?? [], provider.models);
  const completion = await complete(provider, {
    model,
    messages,
    systemPrompt: params.systemPrompt,
    maxTokens: params.maxTokens,
    temperature: params.temperature,
    stopSequences: params.stopSequences,
  });
  return {
    model,
    role: "assistant",
    content: { type: "text", text: completion.text },
    stopReason: completion.stopReason ?? "endTurn",
  };
}

/** MCP messages carry typed content blocks; the provider takes one string per message. */
function toProviderMessages(messages: SamplingMessage[]): ProviderMessage[] {
  return messages.map((message) => ({ role: message.role, content: textOf(message) }));
}

function textOf({ content }: SamplingMessage): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((block) => {
      // Dropping an image or audio block would silently change what the server asked:
      // refuse the request and say why, so the server can fall back.
      if (block.type !== "text") {
        throw new McpError(ErrorCode.InvalidParams, `This client sends only text to its model; the request holds ${block.type} content.`);
      }
      return block.text;
    })
    .join("\n");
}

/**
 * The spec's rule: hints are tried in order, and the first one whose name is part of
 * a model id picks that model. Hints are advice, so no match means the default model.
 */
function pickModel(hints: ModelHint[], models: string[]): string {
  for (const { name } of hints) {
    const match = name ? models.find((model) => model.includes(name)) : undefined;
    if (match) return match;
  }
  return models[0]!;
}

async function complete(provider: LlmProvider, request: CompletionRequest): Promise<CompletionResult> {
  try {
    return await provider.complete(request);
  } catch {
    // The provider's message can quote the key, the endpoint or the prompt; the
    // server, another party, learns only which provider failed.
    throw new McpError(ErrorCode.InternalError, `The ${provider.name} provider failed to complete the sampling request.`);
  }
}
