// The playground's MCP client, playing one client persona: it introduces itself and
// declares capabilities as that client does, answers sampling requests through the
// person at the terminal and the chosen model, denies with that client's error, and
// calls one tool. A persona without sampling answers a request as such a client does.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CreateMessageRequestSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type Progress,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { CompletionResult, LlmProvider } from "../../lib/llm-provider.js";
import { samples, type ClientPersona } from "../../tests/kit/personas.js";
import { toProviderMessages } from "./sampling-content.js";
import type { SamplingPrompt } from "./sampling-prompt.js";

// The SDK's default of 60 s would end a tool call while its person is still reading
// the first request; the server's own timeout on each sampling request still applies.
const TOOL_CALL_TIMEOUT_MS = 30 * 60_000;

export interface PlaySession {
  tools(): Promise<Tool[]>;
  callTool(name: string, args: Record<string, unknown>, onProgress: (progress: Progress) => void): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function openPlaySession(
  transport: Transport,
  provider: LlmProvider,
  prompt: SamplingPrompt,
  persona: ClientPersona,
): Promise<PlaySession> {
  const client = new Client(persona.clientInfo, { capabilities: persona.capabilities });
  if (samples(persona)) {
    let requests = 0;
    client.setRequestHandler(CreateMessageRequestSchema, (request) => answer(++requests, request.params, provider, prompt, persona));
  } else {
    client.fallbackRequestHandler = async (request) => {
      if (request.method === "sampling/createMessage") await prompt.reportUndeclared(request.method);
      // What the SDK answers a method nobody handles: -32601, the message without the McpError prefix.
      throw Object.assign(new Error("Method not found"), { code: ErrorCode.MethodNotFound });
    };
  }
  await client.connect(transport);
  return {
    tools: async () => (await client.listTools()).tools,
    callTool: async (name, args, onProgress) =>
      (await client.callTool({ name, arguments: args }, undefined, { timeout: TOOL_CALL_TIMEOUT_MS, onprogress: onProgress })) as CallToolResult,
    close: () => client.close(),
  };
}

async function answer(
  number: number,
  params: CreateMessageRequestParams,
  provider: LlmProvider,
  prompt: SamplingPrompt,
  persona: ClientPersona,
): Promise<CreateMessageResult> {
  let messages;
  try {
    messages = toProviderMessages(params.messages);
  } catch (error) {
    await prompt.reportFailure(number, (error as Error).message);
    throw error;
  }
  const model = persona.chooseModel(params.modelPreferences?.hints ?? [], provider.models);
  const approved = await prompt.reviewRequest(number, params, model);
  if (!approved) throw deny(persona);

  let completion: CompletionResult;
  try {
    completion = await provider.complete({
      model,
      messages,
      systemPrompt: approved.systemPrompt,
      maxTokens: approved.maxTokens,
      temperature: params.temperature,
      stopSequences: params.stopSequences,
    });
  } catch (error) {
    await prompt.reportFailure(number, error instanceof Error ? error.message : String(error));
    // The server is another party: it learns which provider failed, not the details
    // (they can name the endpoint, quote the prompt, or worse).
    throw new McpError(ErrorCode.InternalError, `The ${provider.name} provider failed to complete the sampling request.`);
  }

  if (!(await prompt.reviewReply(number, model, completion))) throw deny(persona);
  return { model, role: "assistant", content: { type: "text", text: completion.text }, stopReason: completion.stopReason ?? "endTurn" };
}

/** The persona's own denial. Only a persona whose person can say no reaches this. */
function deny(persona: ClientPersona): Error {
  if (!persona.deny) throw new Error(`${persona.name} has no way to deny a request`);
  return persona.deny();
}
