// The MCP exchange a test saw, as a student can read it beside the verdict: one
// compact line per message, from the point of view of the student's code ("→"
// into it, "←" out of it), long text cut short. The connection handshake is one
// line; what a tool call causes (sampling requests, their answers, progress) is
// indented under it; answers say what they answer. Attached to every failing
// test (vitest's task meta), from there to the results JSON and --trace.
import { readableSdkError } from "./sdk-errors.js";
import type { WireEntry } from "./wire-log.js";

const TEXT_SHOWN = 80;
const LINES_SHOWN = 40;

declare module "vitest" {
  interface TaskMeta {
    /** The MCP exchange of a failing test, one line per message. */
    trace?: string[];
  }
}

interface Message {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code?: number; message?: string };
}

export function traceLines(entries: WireEntry[]): string[] {
  // Which method each request id stands for, per connection and direction: an answer names what it answers.
  const asked = new Map<string, string>();
  const key = (entry: WireEntry, id: unknown, askedBy: WireEntry["direction"]) => `${entry.conn}/${askedBy}/${String(id)}`;
  let toolCallsOpen = 0;
  const lines: string[] = [];
  for (const entry of entries) {
    const message = entry.message as Message;
    const arrow = entry.direction === "to-lesson" ? "→" : "←";
    if (message.method === "initialize" || message.method === "notifications/initialized") {
      if (message.method === "initialize") lines.push(`${arrow} connect: the client declares ${cut(JSON.stringify(message.params?.capabilities ?? {}))}`);
      if (message.id !== undefined) asked.set(key(entry, message.id, entry.direction), message.method);
      continue;
    }
    if (message.method) {
      if (message.id !== undefined) asked.set(key(entry, message.id, entry.direction), message.method);
      lines.push(`${"  ".repeat(toolCallsOpen > 0 && message.method !== "tools/call" ? 1 : 0)}${arrow} ${describeRequest(message)}`);
      if (message.method === "tools/call") toolCallsOpen += 1;
      continue;
    }
    const answered = asked.get(key(entry, message.id, entry.direction === "to-lesson" ? "from-lesson" : "to-lesson"));
    if (answered === "initialize") continue;
    if (answered === "tools/call") toolCallsOpen = Math.max(0, toolCallsOpen - 1);
    const nested = toolCallsOpen > 0 && answered !== "tools/call" ? "  " : "";
    lines.push(`${nested}${arrow} ${describeAnswer(message, answered)}`);
  }
  return lines.length > LINES_SHOWN ? [...lines.slice(0, LINES_SHOWN - 1), `… ${lines.length - LINES_SHOWN + 1} more messages`] : lines;
}

function describeRequest(message: Message): string {
  const id = message.id === undefined ? "" : ` #${message.id}`;
  const params = message.params ?? {};
  switch (message.method) {
    case "tools/call":
      return `tools/call${id} ${String(params.name)} ${cut(JSON.stringify(params.arguments ?? {}))}`;
    case "sampling/createMessage":
      return `sampling/createMessage${id}: ${samplingParams(params)}`;
    case "notifications/progress":
      return `progress ${String(params.progress)}/${String(params.total ?? "?")}${params.message ? ` ${quote(params.message)}` : ""}`;
    case "notifications/cancelled":
      return `cancelled request #${String(params.requestId)}${params.reason ? ` (${cut(String(params.reason))})` : ""}`;
    default:
      return `${message.method}${id}`;
  }
}

function samplingParams(params: Record<string, unknown>): string {
  const known = new Set(["messages", "systemPrompt", "maxTokens", "modelPreferences", "tools", "toolChoice", "temperature", "includeContext", "stopSequences", "metadata", "_meta"]);
  const unknown = Object.keys(params).filter((name) => !known.has(name));
  return [
    `messages ${messagesOf(params.messages)}`,
    params.systemPrompt === undefined ? "no systemPrompt" : `systemPrompt ${quote(params.systemPrompt)}`,
    params.maxTokens === undefined ? "no maxTokens" : `maxTokens ${String(params.maxTokens)}`,
    ...(params.modelPreferences ? [`modelPreferences ${cut(JSON.stringify(params.modelPreferences))}`] : []),
    ...(params.tools ? [`tools ${cut(JSON.stringify((params.tools as Array<{ name?: string }>).map((t) => t.name)))}`] : []),
    // A misspelt field (max_tokens) is exactly what a student needs to see.
    ...unknown.map((name) => `unknown field ${name}: ${cut(JSON.stringify(params[name]) ?? "undefined")}`),
  ].join(", ");
}

function describeAnswer(message: Message, answered: string | undefined): string {
  const id = ` #${String(message.id)}`;
  if (message.error) {
    // The code is shown once: the SDK's text often repeats it as "MCP error <code>: ".
    const text = readableSdkError(message.error.message ?? "").replace(`MCP error ${message.error.code}: `, "");
    return `${answered === "tools/call" ? "tool error" : "error"}${id} ${message.error.code}: ${cut(text)}`;
  }
  const result = message.result ?? {};
  switch (answered) {
    case "tools/call":
      return `tool result${id}:${toolResult(result)}`;
    case "sampling/createMessage":
      return `answer${id} from ${String(result.model)}: ${contentOf(result.content)}${result.stopReason ? ` (stopReason ${String(result.stopReason)})` : ""}`;
    case "tools/list":
      return `tools${id}: ${cut(JSON.stringify(((result.tools as Array<{ name?: string }>) ?? []).map((t) => t.name)))}`;
    default:
      return `result${id}${Object.keys(result).length === 0 ? " {}" : ` ${cut(JSON.stringify(result))}`}`;
  }
}

function toolResult(result: Record<string, unknown>): string {
  if (result.resultType === "input_required") return ` input_required ${cut(JSON.stringify(Object.keys((result.inputRequests as object) ?? {})))}`;
  const error = result.isError ? " isError" : "";
  if (!result.structuredContent) return `${error} ${contentOf(result.content)}`;
  const structured = JSON.stringify(result.structuredContent);
  // The SDK's advice is a text block repeating structuredContent as JSON: shown once.
  const repeated = Array.isArray(result.content) && result.content.every((block: { type?: string; text?: unknown }) => block.type === "text" && block.text === structured);
  return `${error}${repeated ? "" : ` ${contentOf(result.content)}`} structured ${cut(structured)}`;
}

function messagesOf(messages: unknown): string {
  if (!Array.isArray(messages)) return String(messages);
  return `[${messages.map((m: { role?: string; content?: unknown }) => `${m.role} ${contentOf(m.content)}`).join("; ")}]`;
}

function contentOf(content: unknown): string {
  const blocks = Array.isArray(content) ? content : content === undefined ? [] : [content];
  return (
    blocks
      .map((block: { type?: string; text?: unknown; name?: unknown; toolUseId?: unknown }) => {
        if (block.type === "text") return `text ${quote(block.text)}`;
        if (block.type === "tool_use") return `tool_use ${String(block.name)}`;
        if (block.type === "tool_result") return `tool_result for ${String(block.toolUseId)}`;
        return String(block.type);
      })
      .join(" + ") || "(no content)"
  );
}

function quote(value: unknown): string {
  return JSON.stringify(cut(readableSdkError(String(value))));
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > TEXT_SHOWN ? `${flat.slice(0, TEXT_SHOWN - 1)}…` : flat;
}
