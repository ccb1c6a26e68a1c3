// Anthropic's Messages API as a course LlmProvider.
import type { CompletionRequest, CompletionResult, LlmProvider } from "../../lib/llm-provider.js";
import { joinUrl, postJson } from "./provider-http.js";

export interface AnthropicOptions {
  apiKey: string;
  /** Model ids this account may use; the first is the default. */
  models: string[];
  baseUrl?: string;
  timeoutSeconds: number;
}

const NAME = "anthropic";

// Anthropic's stop reasons in MCP's spelling; others (refusal, pause_turn) pass through as they are.
const STOP_REASONS: Record<string, string> = { end_turn: "endTurn", max_tokens: "maxTokens", stop_sequence: "stopSequence" };

interface MessagesResponse {
  content?: Array<{ type: string; text?: string }>;
  stop_reason?: string | null;
}

export function createAnthropicProvider({ apiKey, models, baseUrl = "https://api.anthropic.com", timeoutSeconds }: AnthropicOptions): LlmProvider {
  return {
    name: NAME,
    models,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const reply = (await postJson({
        provider: NAME,
        url: joinUrl(baseUrl, "/v1/messages"),
        headers: { "x-api-key": apiKey, "anthropic-version": "2023-06-01", "content-type": "application/json" },
        body: {
          model: request.model,
          max_tokens: request.maxTokens,
          system: request.systemPrompt,
          messages: request.messages.map(({ role, content }) => ({ role, content })),
          temperature: request.temperature,
          stop_sequences: request.stopSequences,
        },
        timeoutSeconds,
        secret: apiKey,
      })) as MessagesResponse;
      const text = (reply.content ?? []).flatMap((block) => (block.type === "text" && block.text ? [block.text] : [])).join("");
      const stopReason = reply.stop_reason ? (STOP_REASONS[reply.stop_reason] ?? reply.stop_reason) : undefined;
      return { text, ...(stopReason ? { stopReason } : {}) };
    },
  };
}
