// Graded tests for lesson 03, where the student writes the CLIENT. Their client runs
// in the lesson's host and is connected to servers they did not write, which run
// here: the course's own solutions of lessons 01 and 02, and a relay server (below)
// whose tool sends one raw sampling/createMessage request and records what came back.
// A fake provider records what reaches the "LLM". What the tests judge is what these
// servers saw and sent, never what the student's process says about it.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, test } from "vitest";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CreateMessageResultSchema,
  ErrorCode,
  type CallToolResult,
  type CreateMessageRequest,
  type CreateMessageResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { CompletionRequest, CompletionResult, LlmProvider } from "../../lib/llm-provider.js";
import { SOLUTIONS_DIR } from "../../scripts/course-paths.js";
import { flowUntil } from "../kit/fake-time.js";
import { HostTransport } from "../kit/host-transport.js";
import type { LessonHost } from "../kit/lesson-host.js";
import { explained, LessonHangError, lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSetUp } from "../kit/lesson-server.js";
import { demand, mistake, show } from "../kit/mistake.js";
import { defaultCallTimeout } from "../kit/tool-calls.js";
import type { SetupFailure } from "../host/protocol.js";

const lesson = lessonUnderTest("03-client-callback");
const file = lesson.display("client.ts");

type SamplingParams = CreateMessageRequest["params"];
type Approve = (params: SamplingParams) => boolean | Promise<boolean>;

const PROVIDER_NAME = "acme-llm";
const MODELS = ["acme-small", "acme-medium", "acme-large-2"];
const REPLY = "Rome.";

const FULL_REQUEST: SamplingParams = {
  systemPrompt: "You answer geography questions in one word.",
  messages: [
    { role: "user", content: { type: "text", text: "What is the capital of France?" } },
    { role: "assistant", content: { type: "text", text: "Paris." } },
    { role: "user", content: { type: "text", text: "And the capital of Italy?" } },
  ],
  maxTokens: 321,
  temperature: 0.25,
  stopSequences: ["\n\nEND"],
  modelPreferences: { hints: [{ name: "medium" }], intelligencePriority: 0.4, speedPriority: 0.8 },
};

const BASIC_REQUEST: SamplingParams = {
  messages: [{ role: "user", content: { type: "text", text: "What is the capital of Italy?" } }],
  maxTokens: 50,
};

// Every client and server a test connected, closed after it.
const connections: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.allSettled(connections.splice(0).map((peer) => peer.close()));
});

// ---------------------------------------------------------------- the fake provider

interface FakeProvider extends LlmProvider {
  /** Every request that reached the provider, in order. */
  calls: CompletionRequest[];
}

function fakeProvider(
  answer: (request: CompletionRequest) => CompletionResult = () => ({ text: REPLY }),
  models = MODELS,
): FakeProvider {
  const calls: CompletionRequest[] = [];
  return {
    name: PROVIDER_NAME,
    models,
    calls,
    async complete(request) {
      calls.push(request);
      return answer(request);
    },
  };
}

// ------------------------------------------------------ the student's client, connected

/** The student's client, built and connected in the lesson's host. */
interface StudentClient {
  host: LessonHost;
  conn: number;
}

/** Builds the student's client in the host and connects it to `server`, which runs here. */
async function connectStudentClient(server: McpServer, provider: LlmProvider, approve?: Approve): Promise<StudentClient> {
  const host = lesson.host();
  const transport = new HostTransport(host);
  connections.push(server);
  await server.connect(transport);
  // Only what a client may see of the provider: its name, its models, and a way to call it.
  const shared = { name: provider.name, models: provider.models, complete: (request: CompletionRequest) => provider.complete(request) };
  const options = host.encode(approve ? { provider: shared, approve } : { provider: shared });
  const setup = await explained(file, host.request<{ ok: true } | SetupFailure>({ op: "client", conn: transport.conn, file: "client.ts", options }));
  if ("failure" in setup && setup.failure === "threw") throw creationMistake(setup.message);
  demandSetUp(setup, file, {
    name: "createSamplingClient",
    kind: "an SDK Client",
    expected: 'export function createSamplingClient({ provider, approve }) { ... return client; } with a Client from "@modelcontextprotocol/sdk/client/index.js"',
  });
  return { host, conn: transport.conn };
}

function creationMistake(message: string) {
  if (/does not support sampling/i.test(message)) {
    return mistake({
      problem: "the client does not declare the sampling capability",
      expected: "new Client(info, { capabilities: { sampling: {} } })",
      received: `createSamplingClient threw: ${message}`,
      fix: "setRequestHandler refuses a sampling handler until the capability is declared: declare it when you create the Client",
      file,
    });
  }
  return mistake({ problem: "createSamplingClient threw instead of returning a Client", received: message, file });
}

// Once the client has left one request unanswered, later calls fail at once instead of each
// waiting out its own timeout (which would add up past the grader's limit).
let hungBefore = false;

/** Has the student's client call a tool; returns the result the SERVER sent back (read here, on the wire). */
async function callTool(client: StudentClient, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  if (hungBefore) {
    throw new LessonHangError("not run: an earlier sampling request was never answered, so this one would hang too.");
  }
  const timeout = defaultCallTimeout();
  const before = client.host.wire.entries.length;
  try {
    await client.host.request({ op: "clientCall", conn: client.conn, name, args, timeoutMs: timeout });
  } catch (error) {
    if (client.host.failure) throw client.host.failure;
    if ((error as { code?: unknown }).code === ErrorCode.RequestTimeout) {
      hungBefore = true;
      const hang = new LessonHangError(
        `the client never answered a sampling request (waited ${timeout} ms). Look in ${file} for a promise that ` +
          "never settles: an await on something that never resolves, or a handler that never returns.",
      );
      client.host.stop(hang);
      throw hang;
    }
  }
  const result = toolResultSent(client, name, before);
  demand(result, {
    problem: `the client did not call ${name} on the server`,
    expected: `one tools/call request for ${name}`,
    received: "no tools/call request arrived",
    file,
  });
  return result;
}

/** The result the server sent for the client's latest tools/call of `name`. */
function toolResultSent({ host, conn }: StudentClient, name: string, since: number): CallToolResult | undefined {
  const wire = host.wire.entries.slice(since).filter((entry) => entry.conn === conn);
  const call = wire.find(({ direction, message }) => direction === "from-lesson" && (message as { method?: string; params?: { name?: unknown } }).method === "tools/call" && (message as { params?: { name?: unknown } }).params?.name === name);
  const id = (call?.message as { id?: unknown } | undefined)?.id;
  const reply = wire.find(({ direction, message }) => direction === "to-lesson" && (message as { id?: unknown }).id === id && "result" in (message as object));
  return (reply?.message as { result?: CallToolResult } | undefined)?.result;
}


function textOf(result: CallToolResult): string {
  return result.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
}

// ------------------------------------------------------------------- the servers

const RELAY_TOOL = "relay_sampling";

/** What the relay server saw: the client's result, or the error it answered with. */
interface RelayOutcome {
  result?: CreateMessageResult;
  error?: { code: unknown; message: string; data?: unknown };
}

/** A server whose only tool sends `params` as a raw sampling request and records what came back. */
function relayServer(params: SamplingParams): { server: McpServer; outcomes: RelayOutcome[] } {
  const outcomes: RelayOutcome[] = [];
  const server = new McpServer({ name: "lesson-03-relay", version: "1.0.0" });
  server.registerTool(RELAY_TOOL, { description: "Sends one sampling request and reports the outcome." }, async (extra) => {
    const outcome: RelayOutcome = await extra
      .sendRequest({ method: "sampling/createMessage", params }, CreateMessageResultSchema)
      .then(
        (result) => ({ result }),
        (error: { code?: unknown; message?: string; data?: unknown }) => ({
          error: { code: error.code, message: error.message ?? String(error), data: error.data },
        }),
      );
    outcomes.push(outcome);
    return { content: [{ type: "text", text: JSON.stringify(outcome) }] };
  });
  return { server, outcomes };
}

/** Always the course's own solution, never the copy being graded. */
async function referenceServer(id: string): Promise<McpServer> {
  const url = pathToFileURL(path.join(SOLUTIONS_DIR, id, "server.ts")).href;
  const module = (await import(/* @vite-ignore */ url)) as { createServer(): McpServer };
  return module.createServer();
}

interface Sampled {
  outcome: RelayOutcome;
  provider: FakeProvider;
}

/** Sends `params` to the student's client through the relay server. */
async function sample(params: SamplingParams, options: { provider?: FakeProvider; approve?: Approve } = {}): Promise<Sampled> {
  const provider = options.provider ?? fakeProvider();
  const relay = relayServer(params);
  const client = await connectStudentClient(relay.server, provider, options.approve);
  await callTool(client, RELAY_TOOL, {});
  const [outcome] = relay.outcomes;
  demand(outcome, {
    problem: "the relay server's sampling request never finished",
    expected: "an answer or an error for the server's sampling request",
    received: "nothing",
    file,
  });
  return { outcome, provider };
}

// ------------------------------------------------------------ shared demands

/** The next step for a server-side error message, when it points at a known mistake. */
function fixFor(message: string): string | undefined {
  if (/Invalid sampling result/i.test(message)) {
    return 'the handler must return { model, role: "assistant", content: { type: "text", text }, stopReason }: content is ONE block, not an array';
  }
  if (/Method not found/i.test(message)) {
    return "register a handler: client.setRequestHandler(CreateMessageRequestSchema, async (request) => ...)";
  }
  return undefined;
}

function demandAnswered(outcome: RelayOutcome): CreateMessageResult {
  const message = outcome.error?.message ?? "";
  const fix = fixFor(message);
  demand(outcome.result, {
    problem: /Invalid sampling result/i.test(message)
      ? "the client's answer is not a valid sampling result"
      : "the client answered a sampling request with an error",
    expected: 'a result { model, role: "assistant", content: { type: "text", text }, stopReason }',
    received: outcome.error,
    ...(fix && { fix }),
    file,
  });
  return outcome.result;
}

function demandProviderCalled({ provider, outcome }: Sampled): CompletionRequest {
  const message = outcome.error?.message ?? "";
  const fix = fixFor(message);
  demand(provider.calls.length === 1, {
    problem: provider.calls.length === 0 ? "the provider was never called" : `the provider was called ${provider.calls.length} times for one request`,
    expected: "exactly one provider.complete({ model, messages, ... }) per sampling request",
    received: outcome.error ? `the server got an error: ${message}` : outcome.result,
    ...(fix && { fix }),
    file,
  });
  return provider.calls[0]!;
}

// ------------------------------------------------------------------- the tests

test("declares the sampling capability", async () => {
  const { server } = relayServer(BASIC_REQUEST);
  await connectStudentClient(server, fakeProvider());
  const capabilities = server.server.getClientCapabilities();
  demand(capabilities?.sampling, {
    problem: "the client does not declare the sampling capability",
    expected: "capabilities.sampling at initialize: a careful server never asks a client that lacks it",
    received: capabilities,
    fix: 'new Client({ name, version }, { capabilities: { sampling: {} } })',
    file,
  });
});

test("answers a real server: lesson 01's summarize returns the provider's text", async () => {
  const summary = "Bees dance to tell each other where the flowers are.";
  const provider = fakeProvider(() => ({ text: summary }));
  const client = await connectStudentClient(await referenceServer("01-first-sampling-call"), provider);
  const result = await callTool(client, "summarize", { text_to_summarize: "Honeybees share where food is with a waggle dance." });
  const text = textOf(result);
  const fix = fixFor(text);
  demand(!result.isError && text === summary, {
    problem: /Invalid sampling result/i.test(text)
      ? "the client's answer is not a valid sampling result, so lesson 01's summarize failed"
      : "lesson 01's summarize tool did not get the provider's text through your client",
    expected: `the tool to answer ${JSON.stringify(summary)}`,
    received: result.isError ? `an error from the server: ${text}` : text,
    ...(fix && { fix }),
    file,
  });
});

test("converts the MCP messages into the provider's text messages", async () => {
  const request = demandProviderCalled(await sample(FULL_REQUEST));
  const messages: unknown[] = Array.isArray(request.messages) ? request.messages : [];
  demand(messages.length > 0 && messages.every((m) => typeof (m as { content?: unknown } | null)?.content === "string"), {
    problem: "the provider received MCP content blocks instead of text",
    expected: '[{ role: "user", content: "What is the capital of France?" }, ...]: one string per message',
    received: request.messages,
    fix: 'an MCP message holds a block { type: "text", text }; the provider takes content: string. Convert each message to { role, content: text }',
    file,
  });
  const expected = FULL_REQUEST.messages.map(({ role, content }) => ({ role, content: (content as { text: string }).text }));
  const received = (messages as Array<{ role: unknown; content: unknown }>).map(({ role, content }) => ({ role, content }));
  demand(show(received) === show(expected), {
    problem: "the messages changed on their way to the provider: keep every message, its role, its order and its text",
    expected: show(expected),
    received,
    file,
  });
});

test("converts a message whose content is a list of text blocks, keeping every block apart", async () => {
  const blocks = ["Summarize this log", "disk full at 03:00 on /var"];
  const { outcome, provider } = await sample({ messages: [{ role: "user", content: blocks.map((text) => ({ type: "text" as const, text })) }], maxTokens: 100 });
  demand(provider.calls.length === 1, {
    problem: "a message whose content is a list of text blocks never reached the provider",
    expected: "one provider call: a list of text blocks is text too",
    received: outcome.error ? `the server got an error: ${outcome.error.message}` : outcome.result,
    fix: "a message's content is one block OR a list of blocks: handle both, e.g. Array.isArray(content) ? content : [content]",
    file,
  });
  const request = provider.calls[0]!;
  const contents = (Array.isArray(request.messages) ? request.messages : []).map((m) => (m as { content?: unknown } | null)?.content);
  const all = contents.every((c) => typeof c === "string") ? contents.join("\n") : "";
  const [first, second] = blocks.map((text) => all.indexOf(text));
  demand(first! >= 0 && second! > first!, {
    problem: "a message whose content is a list of text blocks lost text on its way to the provider",
    expected: `every block's text, in order: [{ role: "user", content: ${JSON.stringify(blocks.join("\n"))} }]`,
    received: request.messages,
    fix: "a message's content is one block OR a list of blocks: for a list, take the text of every block, in order",
    file,
  });
  demand(!all.includes(blocks.join("")), {
    problem: "the client glued a message's text blocks together, so the last word of one runs into the first word of the next",
    expected: `${JSON.stringify(blocks.join("\n"))}: the blocks' texts with a separator between them`,
    received: request.messages,
    fix: 'join the texts of a message\'s blocks with a separator, e.g. .join("\\n")',
    file,
  });
});

test("passes systemPrompt, maxTokens, temperature and stopSequences to the provider", async () => {
  const request = demandProviderCalled(await sample(FULL_REQUEST));
  const fields = ["systemPrompt", "maxTokens", "temperature", "stopSequences"] as const;
  for (const field of fields) {
    demand(show(request[field]) === show(FULL_REQUEST[field]), {
      problem: `the provider did not get the request's ${field}`,
      expected: `${field}: ${show(FULL_REQUEST[field])}`,
      received: request[field],
      fix: `copy params.${field} into the provider request`,
      file,
    });
  }
});

test("uses the provider's default model when no hint matches", async () => {
  const cases: Array<[string, SamplingParams["modelPreferences"]]> = [
    ["no modelPreferences", undefined],
    ["hints that match none of the provider's models", { hints: [{ name: "opus" }, { name: "gpt" }] }],
  ];
  for (const [label, modelPreferences] of cases) {
    const request = demandProviderCalled(await sample({ ...BASIC_REQUEST, modelPreferences }));
    demand(request.model === MODELS[0], {
      problem: `with ${label}, the provider should run its default model`,
      expected: `"${MODELS[0]}", the first of provider.models ${show(MODELS)}`,
      received: request.model,
      file,
    });
  }
});

test("picks the model named by the first hint that matches", async () => {
  const cases = [
    { hints: [{ name: "opus" }, { name: "large" }], expected: "acme-large-2", why: "the first hint matches no model, the second is part of acme-large-2" },
    { hints: [{}, { name: "medium" }, { name: "small" }], expected: "acme-medium", why: "hints are tried in order (a hint without a name is skipped), so medium wins over small" },
  ];
  // A hint that spells a whole model id tells a client matching by equality from one ignoring hints.
  const whole = demandProviderCalled(await sample({ ...BASIC_REQUEST, modelPreferences: { hints: [{ name: MODELS[1]! }] } }));
  const matchesWholeIds = whole.model === MODELS[1];
  for (const { hints, expected, why } of cases) {
    const sampled = await sample({ ...BASIC_REQUEST, modelPreferences: { hints } });
    demand(sampled.provider.calls.length > 0 || !hints.some((hint) => hint.name === undefined) || sampled.outcome.error === undefined, {
      problem: "the client failed on a hint without a name: the spec lets a hint leave name out",
      expected: `the model for hints ${show(hints)}: "${expected}" (${why})`,
      received: `the server got an error: ${sampled.outcome.error?.message}`,
      fix: "skip a hint whose name is missing before matching it against the models",
      file,
    });
    const request = demandProviderCalled(sampled);
    demand(request.model === expected, {
      problem:
        matchesWholeIds && request.model === MODELS[0] && !hints.some(({ name }) => name !== undefined && request.model.includes(name))
          ? "the client matched hints only against whole model ids: a hint's name is a substring of the model id (\"large\" picks \"acme-large-2\")"
          : hintMistake(request.model, hints),
      expected: `"${expected}" for hints ${show(hints)} and models ${show(MODELS)}: ${why}`,
      received: request.model,
      fix: "for each hint in order, look for a model whose id contains hint.name; the first match wins, else models[0]",
      file,
    });
  }
});

/** Names how a wrong model came about: hints ignored, or tried in another order than the server gave them. */
function hintMistake(model: string, hints: Array<{ name?: string }>): string {
  const matched = hints.findIndex((hint) => hint.name !== undefined && model.includes(hint.name));
  if (matched >= 0) {
    return `the client tried modelPreferences.hints in the wrong order: it ran ${model}, which matches hint ${matched + 1} ("${hints[matched]!.name}"), but the first hint that matches a model wins`;
  }
  if (model === MODELS[0]) return "the client ignored modelPreferences.hints and always ran the default model";
  return "the client picked a model that no hint names";
}

test("returns the provider's text as the sampling result, with the model and stopReason", async () => {
  const stopped = await sample(BASIC_REQUEST, { provider: fakeProvider(() => ({ text: REPLY, stopReason: "maxTokens" })) });
  const result = demandAnswered(stopped.outcome);
  const expected = { model: MODELS[0], role: "assistant", content: { type: "text", text: REPLY }, stopReason: "maxTokens" };
  demand(result.content.type === "text" && result.content.text === REPLY, {
    problem: "the result's content is not the provider's text",
    expected: show(expected.content),
    received: result.content,
    file,
  });
  demand(result.role === "assistant", {
    problem: 'the result\'s role must be "assistant": the model is answering',
    expected: '"assistant"',
    received: result.role,
    file,
  });
  demand(result.model === stopped.provider.calls[0]?.model, {
    problem: "result.model is not the model the provider ran",
    expected: `"${stopped.provider.calls[0]?.model}": servers report result.model as the model that answered`,
    received: result.model,
    file,
  });
  demand(result.stopReason === "maxTokens", {
    problem: "the provider's stopReason was not passed on",
    expected: '"maxTokens", as the provider said',
    received: result.stopReason,
    file,
  });

  const unstated = demandAnswered((await sample(BASIC_REQUEST)).outcome);
  demand(unstated.stopReason === "endTurn", {
    problem: 'when the provider gives no stopReason, the result should say "endTurn"',
    expected: '"endTurn"',
    received: unstated.stopReason,
    file,
  });
});

test("answers a real server: lesson 02's analyze_code reports the model that ran", async () => {
  const review = "eval on file contents runs arbitrary code.";
  const provider = fakeProvider(() => ({ text: review }), ["acme-mini", "claude-sonnet-9", "gpt-5-turbo"]);
  const client = await connectStudentClient(await referenceServer("02-analyze-code"), provider);
  const result = await callTool(client, "analyze_code", { code_snippet: "eval(open(path).read())" });
  const structured = result.structuredContent as { analysis?: unknown; model?: unknown } | undefined;
  const ran = provider.calls[0]?.model;
  demand(!result.isError && structured?.analysis === review && ran !== undefined && structured.model === ran, {
    problem: "lesson 02's analyze_code did not report the provider's review and the model that ran",
    expected: `structuredContent { analysis: ${JSON.stringify(review)}, model: ${JSON.stringify(ran ?? "the model your provider ran")} }`,
    received: result.isError ? `an error from the server: ${textOf(result)}` : structured,
    file,
  });
});

test("shows the request to approve before the provider is called", async () => {
  const seen: SamplingParams[] = [];
  const decision = deferred<boolean>();
  const provider = fakeProvider();
  const run = settling(sample(FULL_REQUEST, { provider, approve: (params) => (seen.push(params), decision.promise) }));
  await flowUntil(() => seen.length > 0 || run.settled, lesson.host());
  demand(seen.length > 0, {
    problem: "approve was never called: the user never saw the sampling request",
    expected: "await approve(params) before calling the provider",
    received: `${provider.calls.length} provider call(s) without asking`,
    file,
  });
  demand(provider.calls.length === 0, {
    problem: "the client called the provider before the user approved the request",
    expected: "no provider call until approve(params) has resolved true",
    received: `${provider.calls.length} provider call(s) while approve was still waiting for the user`,
    fix: "await approve(params) first (it may return a promise) and call the provider only after it resolved true",
    file,
  });
  demand(show(seen[0]?.messages) === show(FULL_REQUEST.messages) && seen[0]?.systemPrompt === FULL_REQUEST.systemPrompt, {
    problem: "approve did not receive the request's params, so the user cannot read what the server asks",
    expected: "approve(request.params): the messages, systemPrompt and the rest",
    received: seen[0],
    file,
  });
  decision.resolve(true);
  const sampled = await run.promise;
  demandProviderCalled(sampled);
  demandAnswered(sampled.outcome);
});

test("a denied request fails with code -1 and never reaches the provider", async () => {
  const denials: Array<[string, Approve]> = [
    ["approve returned false", () => false],
    ["approve resolved false", async () => false],
  ];
  for (const [how, approve] of denials) {
    const { outcome, provider } = await sample(BASIC_REQUEST, { approve });
    demand(provider.calls.length === 0, {
      problem: `the provider was called although ${how}`,
      expected: "no provider call for a denied request",
      received: `${provider.calls.length} provider call(s)`,
      fix: "await approve(params): a promise is always truthy, so check the value it resolves to",
      file,
    });
    demand(outcome.error?.code === -1 && /user rejected sampling request/i.test(outcome.error.message), {
      problem: `when ${how}, the server should get error -1 "User rejected sampling request"`,
      expected: 'throw new McpError(-1, "User rejected sampling request")',
      received: outcome.error ?? outcome.result,
      file,
    });
  }
});

test("a provider failure names the provider but never repeats its error text", async () => {
  const secret = "sk-test-SECRET-4f9a";
  const provider = fakeProvider(() => {
    throw new Error(`401 Unauthorized: invalid x-api-key ${secret} for https://api.acme.example/v1/complete`);
  });
  const { outcome } = await sample(BASIC_REQUEST, { provider });
  demand(outcome.error, {
    problem: "the provider failed, but the server got a result",
    expected: "an error for the server",
    received: outcome.result,
    file,
  });
  const sent = JSON.stringify(outcome.error);
  demand(!sent.includes(secret) && !sent.includes("invalid x-api-key"), {
    problem: "the error sent to the server repeats the provider's error text, which here holds an API key",
    expected: `a message of your own, such as "The ${PROVIDER_NAME} provider failed to complete the sampling request"`,
    received: outcome.error.message,
    fix: "catch the provider's error and throw a new one; the original stays on the client (log it there if you need it)",
    file,
  });
  // The SDK prefixes "MCP error <code>: " to every message: only the client's own words count.
  const own = outcome.error.message.replace(/^(MCP error -?\d+:\s*)+/, "");
  demand(own.includes(PROVIDER_NAME) && /fail|error|could not|unable/i.test(own), {
    problem: "the error should name the provider and say that the request failed",
    expected: `a message that contains "${PROVIDER_NAME}" (provider.name) and says it failed`,
    received: outcome.error.message,
    file,
  });
});

test("refuses content it cannot convert (an image) with InvalidParams, before the provider", async () => {
  const withImage: SamplingParams = {
    messages: [
      { role: "user", content: { type: "text", text: "What is in this picture?" } },
      { role: "user", content: { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" } },
    ],
    maxTokens: 100,
  };
  const asked: SamplingParams[] = [];
  const { outcome, provider } = await sample(withImage, { approve: (params) => (asked.push(params), true) });
  demand(provider.calls.length === 0, {
    problem: "the request held an image the text-only provider cannot take, and the client called the provider anyway",
    expected: "no provider call: dropping the image would change what the server asked",
    received: provider.calls[0]?.messages,
    file,
  });
  demand(outcome.error?.code === ErrorCode.InvalidParams && /image/i.test(outcome.error.message), {
    problem: "a request with image content should fail with InvalidParams (-32602), naming the content type",
    expected: 'new McpError(ErrorCode.InvalidParams, "... image ...")',
    received: outcome.error ?? outcome.result,
    file,
  });
  demand(asked.length === 0, {
    problem: "the client asked the user to approve a request it then refused for its image content",
    expected: "no approve call: convert the messages first, so a request the client cannot serve fails before anyone is asked",
    received: `approve was called ${asked.length} time(s)`,
    fix: "call toProviderMessages(params.messages) before await approve(params)",
    file,
  });
});

// ------------------------------------------------------------------ async helpers

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Tracks whether a promise settled, without leaving its rejection unhandled. */
function settling<T>(promise: Promise<T>) {
  const run = { promise, settled: false };
  promise.then(
    () => (run.settled = true),
    () => (run.settled = true),
  );
  return run;
}
