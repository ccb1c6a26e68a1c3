// The shape of an LLM provider as the course uses it: what an MCP client calls
// to answer a sampling request (lesson 03), what a deployer may configure as a
// server's fallback (lesson 09), and what the playground's models implement.
// Lessons import it as a type only; students never edit it.

/** A chat message as providers take it: plain text, already converted from MCP content blocks. */
export interface ProviderMessage {
  role: "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  model: string;
  systemPrompt?: string;
  messages: ProviderMessage[];
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
}

export interface CompletionResult {
  text: string;
  /** The provider's reason for stopping, when it gives one (e.g. "endTurn", "maxTokens", "stopSequence"). */
  stopReason?: string;
}

export interface LlmProvider {
  /** A name to show people, e.g. "anthropic". Never a key or a URL with credentials. */
  name: string;
  /** The model ids this provider serves; the first is its default. */
  models: string[];
  complete(request: CompletionRequest): Promise<CompletionResult>;
}
