// Any OpenAI-compatible chat completions endpoint as a course LlmProvider: OpenAI
// itself, or a local server (Ollama, LM Studio, llama.cpp) that needs no key.
import type { CompletionRequest, CompletionResult, LlmProvider } from "../../lib/llm-provider.js";
import { joinUrl, postJson } from "./provider-http.js";

export interface OpenAiOptions {
  /** Optional: local servers take no key, and then no authorization header is sent. */
  apiKey?: string;
  /** Model ids the endpoint serves; the first is the default. */
  models: string[];
  baseUrl?: string;
  timeoutSeconds: number;
}

const NAME = "openai";

const FINISH_REASONS: Record<string, string> = { stop: "endTurn", length: "maxTokens" };

interface ChatCompletionResponse {
  choices?: Array<{ message?: { content?: string | null }; finish_reason?: string | null }>;
}

export function createOpenAiProvider({ apiKey, models, baseUrl = "https://api.openai.com/v1", timeoutSeconds }: OpenAiOptions): LlmProvider {
  return {
    name: NAME,
    models,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const system = request.systemPrompt === undefined ? [] : [{ role: "system", content: request.systemPrompt }];
      const reply = (await postJson({
        provider: NAME,
        url: joinUrl(baseUrl, "/chat/completions"),
        headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: {
          model: request.model,
          messages: [...system, ...request.messages.map(({ role, content }) => ({ role, content }))],
          max_tokens: request.maxTokens,
          temperature: request.temperature,
          stop: request.stopSequences,
        },
        timeoutSeconds,
        secret: apiKey,
      })) as ChatCompletionResponse;
      const choice = reply.choices?.[0];
      if (typeof choice?.message?.content !== "string") {
        throw new Error(`${NAME} answered without a text message (finish_reason: ${choice?.finish_reason ?? "none"})`);
      }
      const finish = choice.finish_reason;
      const stopReason = finish ? (FINISH_REASONS[finish] ?? finish) : undefined;
      return { text: choice.message.content, ...(stopReason ? { stopReason } : {}) };
    },
  };
}
