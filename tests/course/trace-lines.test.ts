// The trace a student reads under a failing test, and the SDK error texts made
// readable: one "MCP error" prefix, zod's issues on one line.
import { expect, test } from "vitest";
import { readableSdkError, undoubled } from "../../tests/kit/sdk-errors.js";
import { traceLines } from "../../tests/kit/trace.js";
import type { WireEntry } from "../../tests/kit/wire-log.js";

const to = (message: unknown): WireEntry => ({ direction: "to-lesson", conn: 0, message, at: 0 });
const from = (message: unknown): WireEntry => ({ direction: "from-lesson", conn: 0, message, at: 0 });

test("the handshake is one line, sampling nests under its tool call, answers say what they answer", () => {
  const lines = traceLines([
    to({ jsonrpc: "2.0", id: 0, method: "initialize", params: { capabilities: { sampling: {} } } }),
    from({ jsonrpc: "2.0", id: 0, result: { protocolVersion: "2025-11-25", serverInfo: {} } }),
    to({ jsonrpc: "2.0", method: "notifications/initialized" }),
    to({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "summarize", arguments: { text_to_summarize: "Bees" } } }),
    from({ jsonrpc: "2.0", id: 0, method: "sampling/createMessage", params: { messages: [{ role: "user", content: { type: "text", text: "Sum: Bees" } }], max_tokens: 1000 } }),
    to({ jsonrpc: "2.0", id: 0, error: { code: -32603, message: '[{"expected":"number","code":"invalid_type","path":["params","maxTokens"],"message":"Invalid input: expected number, received undefined"}]' } }),
    from({ jsonrpc: "2.0", id: 1, result: { isError: true, content: [{ type: "text", text: "MCP error -32603: MCP error -32603: boom" }] } }),
    to({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "summarize", arguments: {} } }),
    from({ jsonrpc: "2.0", id: 2, error: { code: -32602, message: "MCP error -32602: Invalid tools/call result" } }),
  ]);
  expect(lines).toEqual([
    '→ connect: the client declares {"sampling":{}}',
    '→ tools/call #1 summarize {"text_to_summarize":"Bees"}',
    '  ← sampling/createMessage #0: messages [user text "Sum: Bees"], no systemPrompt, no maxTokens, unknown field max_tokens: 1000',
    "  → error #0 -32603: params.maxTokens: Invalid input: expected number, received undefined",
    '← tool result #1: isError text "MCP error -32603: boom"',
    "→ tools/call #2 summarize {}",
    "← tool error #2 -32602: Invalid tools/call result",
  ]);
});

test("SDK error texts keep one prefix and put zod's issues on one line", () => {
  expect(undoubled("MCP error -32602: MCP error -32602: Invalid tools/call result")).toBe("MCP error -32602: Invalid tools/call result");
  expect(readableSdkError('MCP error -32602: MCP error -32602: Invalid tools/call result: [\n  {\n    "path": [],\n    "message": "Invalid input: expected object, received string"\n  }\n]')).toBe(
    "MCP error -32602: Invalid tools/call result: (the value itself): Invalid input: expected object, received string",
  );
  expect(readableSdkError("no issues [here]")).toBe("no issues [here]");
});
