// The real providers against loopback fakes of their APIs: the request each one
// sends, how its reply is read, and its errors: named, with the HTTP status and the
// provider's own message, never the key, and a slow answer cut off by the timeout.
import { afterEach, describe, expect, test } from "vitest";
import type { CompletionRequest, LlmProvider } from "../../lib/llm-provider.js";
import { createAnthropicProvider } from "../../scripts/playground/anthropic-provider.js";
import { createOpenAiProvider } from "../../scripts/playground/openai-provider.js";
import { json, neverAnswers, startFakeProvider, type FakeAnswer, type FakeProvider } from "./support/fake-provider.js";

const KEY = "sk-test-0123456789-SECRET";

const REQUEST: CompletionRequest = {
  model: "model-b",
  systemPrompt: "You are terse.",
  messages: [
    { role: "user", content: "Hello" },
    { role: "assistant", content: "Hi" },
    { role: "user", content: "Summarize MCP." },
  ],
  maxTokens: 321,
  temperature: 0.2,
  stopSequences: ["END"],
};

let fake: FakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function withFake(answer: FakeAnswer): Promise<FakeProvider> {
  fake = await startFakeProvider(answer);
  return fake;
}

const anthropic = (origin: string, timeoutSeconds = 5) =>
  createAnthropicProvider({ apiKey: KEY, models: ["model-a", "model-b"], baseUrl: origin, timeoutSeconds });
const openai = (origin: string, { apiKey, timeoutSeconds = 5 }: { apiKey?: string; timeoutSeconds?: number } = { apiKey: KEY }) =>
  createOpenAiProvider({ apiKey, models: ["model-a", "model-b"], baseUrl: `${origin}/v1`, timeoutSeconds });

async function failure(provider: LlmProvider, request: CompletionRequest = REQUEST): Promise<Error> {
  const error = await provider.complete(request).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("anthropic provider", () => {
  test("sends a Messages API request and reads the text blocks and stop reason", async () => {
    const server = await withFake(
      json(200, {
        content: [
          { type: "text", text: "MCP is " },
          { type: "text", text: "a protocol." },
        ],
        stop_reason: "max_tokens",
      }),
    );
    const reply = await anthropic(server.origin).complete(REQUEST);
    expect(reply).toEqual({ text: "MCP is a protocol.", stopReason: "maxTokens" });
    const [sent] = server.requests;
    expect(sent).toMatchObject({
      method: "POST",
      path: "/v1/messages",
      headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01", "content-type": "application/json" },
    });
    expect(sent!.body).toEqual({
      model: "model-b",
      max_tokens: 321,
      system: "You are terse.",
      messages: REQUEST.messages,
      temperature: 0.2,
      stop_sequences: ["END"],
    });
  });

  test("leaves out what the sampling request did not set, and maps end_turn and stop_sequence", async () => {
    const server = await withFake(json(200, { content: [{ type: "text", text: "ok" }], stop_reason: "end_turn" }));
    const minimal = { model: "model-a", messages: [{ role: "user" as const, content: "Hi" }], maxTokens: 5 };
    expect(await anthropic(server.origin).complete(minimal)).toEqual({ text: "ok", stopReason: "endTurn" });
    expect(server.requests[0]!.body).toEqual({ model: "model-a", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] });
  });

  test.each([
    [401, { type: "error", error: { type: "authentication_error", message: `invalid x-api-key ${KEY}` } }, /anthropic answered HTTP 401: invalid x-api-key \[redacted\]/],
    [429, { type: "error", error: { type: "rate_limit_error", message: "Rate limited" } }, /anthropic answered HTTP 429: Rate limited/],
    [500, "<html>upstream broke</html>", /anthropic answered HTTP 500: <html>upstream broke<\/html>/],
  ])("HTTP %i: an error naming the provider, the status and its message, without the key", async (status, body, expected) => {
    const server = await withFake((_request, response) => {
      response.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json" });
      response.end(typeof body === "string" ? body : JSON.stringify(body));
    });
    const error = await failure(anthropic(server.origin));
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain(KEY);
  });

  test("a slow answer is given up after --timeout seconds", async () => {
    const server = await withFake(neverAnswers);
    const started = performance.now();
    const error = await failure(anthropic(server.origin, 0.2));
    expect(error.message).toMatch(/anthropic did not answer within 0.2 s.*--timeout/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("OpenAI-compatible provider", () => {
  test("sends a chat completions request with the system prompt first and reads the first choice", async () => {
    const server = await withFake(json(200, { choices: [{ message: { role: "assistant", content: "A protocol." }, finish_reason: "length" }] }));
    expect(await openai(server.origin).complete(REQUEST)).toEqual({ text: "A protocol.", stopReason: "maxTokens" });
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: "POST", path: "/v1/chat/completions", headers: { authorization: `Bearer ${KEY}` } });
    expect(sent!.body).toEqual({
      model: "model-b",
      messages: [{ role: "system", content: "You are terse." }, ...REQUEST.messages],
      max_tokens: 321,
      temperature: 0.2,
      stop: ["END"],
    });
  });

  test("a local server without a key: no authorization header; finish_reason stop is endTurn", async () => {
    const server = await withFake(json(200, { choices: [{ message: { content: "hi" }, finish_reason: "stop" }] }));
    const minimal = { model: "model-a", messages: [{ role: "user" as const, content: "Hi" }], maxTokens: 5 };
    expect(await openai(server.origin, {}).complete(minimal)).toEqual({ text: "hi", stopReason: "endTurn" });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.body).toEqual({ model: "model-a", messages: [{ role: "user", content: "Hi" }], max_tokens: 5 });
  });

  test.each([
    [401, { error: { message: `Incorrect API key provided: ${KEY}.`, type: "invalid_request_error" } }, /openai answered HTTP 401: Incorrect API key provided: \[redacted\]\./],
    [429, { error: { message: "Rate limit reached", type: "requests" } }, /openai answered HTTP 429: Rate limit reached/],
    [500, { error: "model crashed" }, /openai answered HTTP 500: model crashed/],
  ])("HTTP %i: an error naming the provider, the status and its message, without the key", async (status, body, expected) => {
    const server = await withFake(json(status, body));
    const error = await failure(openai(server.origin));
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain(KEY);
  });

  test("a slow answer is given up after --timeout seconds; an unreachable server is named", async () => {
    const server = await withFake(neverAnswers);
    expect((await failure(openai(server.origin, { apiKey: KEY, timeoutSeconds: 0.2 }))).message).toMatch(/openai did not answer within 0.2 s/);
    const origin = server.origin;
    await server.close();
    fake = undefined;
    expect((await failure(openai(origin))).message).toMatch(/could not reach openai at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions: ECONNREFUSED/);
  });
});
