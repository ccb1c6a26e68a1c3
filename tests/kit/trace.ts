// The MCP exchange a test saw, as a student can read it beside the verdict:
// one compact line per message, from the point of view of the student's code
// ("→" into it, "←" out of it), long text cut short. Attached to every failing
// test (vitest's task meta), from there to the results JSON and --trace.
import type { WireEntry } from "./wire-log.js";

const TEXT_SHOWN = 80;
const LINES_SHOWN = 40;

declare module "vitest" {
  interface TaskMeta {
    /** The MCP exchange of a failing test, one line per message. */
    trace?: string[];
  }
}

export function traceLines(entries: WireEntry[]): string[] {
  const lines = entries.map(({ direction, message }) => `${direction === "to-lesson" ? "→" : "←"} ${describe(message as Message)}`);
  return lines.length > LINES_SHOWN ? [...lines.slice(0, LINES_SHOWN - 1), `… ${lines.length - LINES_SHOWN + 1} more messages`] : lines;
}

interface Message {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code?: number; message?: string };
}

function describe(message: Message): string {
  if (message.method) {
    const id = message.id === undefined ? "" : ` #${message.id}`;
    return `${message.method}${id}${paramsOf(message.method, message.params ?? {})}`;
  }
  if (message.error) return `error #${message.id} ${message.error.code}: ${cut(message.error.message ?? "")}`;
  return `result #${message.id}${resultOf(message.result ?? {})}`;
}

function paramsOf(method: string, params: Record<string, unknown>): string {
  switch (method) {
    case "tools/call":
      return ` ${String(params.name)} ${cut(JSON.stringify(params.arguments ?? {}))}`;
    case "sampling/createMessage": {
      const parts = [
        params.systemPrompt === undefined ? "no systemPrompt" : `systemPrompt ${quote(params.systemPrompt)}`,
        `maxTokens ${String(params.maxTokens)}`,
        ...(params.modelPreferences ? [`modelPreferences ${cut(JSON.stringify(params.modelPreferences))}`] : []),
        ...(params.tools ? [`tools ${cut(JSON.stringify((params.tools as Array<{ name?: string }>).map((t) => t.name)))}`] : []),
        `messages ${messagesOf(params.messages)}`,
      ];
      return ` ${parts.join(", ")}`;
    }
    case "notifications/progress":
      return ` ${String(params.progress)}/${String(params.total ?? "?")}${params.message ? ` ${quote(params.message)}` : ""}`;
    case "notifications/cancelled":
      return ` request #${String(params.requestId)}${params.reason ? ` (${cut(String(params.reason))})` : ""}`;
    case "initialize":
      return ` ${cut(JSON.stringify(params.capabilities ?? {}))}`;
    default:
      return "";
  }
}

function resultOf(result: Record<string, unknown>): string {
  if ("serverInfo" in result || "protocolVersion" in result) return " (initialized)";
  if (Array.isArray(result.tools)) return ` tools ${cut(JSON.stringify(result.tools.map((t: { name?: string }) => t.name)))}`;
  if ("model" in result && "role" in result) return ` ${String(result.model)}: ${contentOf(result.content)}`;
  if ("content" in result || "structuredContent" in result) {
    const error = result.isError ? " isError" : "";
    const structured = result.structuredContent ? ` structured ${cut(JSON.stringify(result.structuredContent))}` : "";
    return `${error} ${contentOf(result.content)}${structured}`;
  }
  if (result.resultType === "input_required") return ` input_required ${cut(JSON.stringify(Object.keys((result.inputRequests as object) ?? {})))}`;
  return Object.keys(result).length === 0 ? " {}" : ` ${cut(JSON.stringify(result))}`;
}

function messagesOf(messages: unknown): string {
  if (!Array.isArray(messages)) return String(messages);
  return `[${messages.map((m: { role?: string; content?: unknown }) => `${m.role} ${contentOf(m.content)}`).join("; ")}]`;
}

function contentOf(content: unknown): string {
  const blocks = Array.isArray(content) ? content : content === undefined ? [] : [content];
  return blocks
    .map((block: { type?: string; text?: unknown; name?: unknown; toolUseId?: unknown }) => {
      if (block.type === "text") return `text ${quote(block.text)}`;
      if (block.type === "tool_use") return `tool_use ${String(block.name)}`;
      if (block.type === "tool_result") return `tool_result for ${String(block.toolUseId)}`;
      return String(block.type);
    })
    .join(" + ") || "(no content)";
}

function quote(value: unknown): string {
  return JSON.stringify(cut(String(value)));
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > TEXT_SHOWN ? `${flat.slice(0, TEXT_SHOWN - 1)}…` : flat;
}
