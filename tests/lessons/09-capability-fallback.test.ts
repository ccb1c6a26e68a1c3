import { readFileSync } from "node:fs";
import { beforeEach, test } from "vitest";
import type { CompletionRequest, LlmProvider } from "../../lib/llm-provider.js";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { demandPromptAndBudget, requestText } from "../kit/request-basics.js";
import { replies } from "../kit/replies.js";
import type { MockOptions, ToolOutcome } from "../kit/mock-sampling-client.js";
import type { PersonaName } from "../kit/personas.js";

const lesson = lessonUnderTest("09-capability-fallback");
const file = lesson.display("server.ts");
const ERROR_MESSAGE = "Error: ENOENT: no such file or directory, open '/srv/app/config/settings.json'";
const SAMPLED_TEXT = "The file settings.json is missing from /srv/app/config.";
const PROVIDER_TEXT = "The server's own provider says: create config/settings.json.";
// What a real provider's error can carry: request details a tool result must not pass on.
const PROVIDER_ERROR = "upstream returned 503 for POST /v1/messages (request req_7f3a9c, org org-test-4411)";
/** What a fallback_reason says when the client could not sample: the client, its capability, or sampling. */
const SAYS_NO_SAMPLING = /sampl|capabilit|client/i;
const NO_SAMPLING = 'the missing sampling capability, e.g. "the client did not declare the sampling capability"';

interface FakeProvider {
  provider: LlmProvider;
  calls: CompletionRequest[];
}

function fakeProvider({ fails = false } = {}): FakeProvider {
  const calls: CompletionRequest[] = [];
  const provider: LlmProvider = {
    name: "fake-provider",
    models: ["fake-large-1", "fake-small-1"],
    async complete(request) {
      calls.push(request);
      if (fails) throw new Error(PROVIDER_ERROR);
      return { text: PROVIDER_TEXT, stopReason: "endTurn" };
    },
  };
  return { provider, calls };
}

// The grader never touches the network: a hard-coded provider that calls fetch is recorded here.
let fetched: string[] = [];
beforeEach(() => {
  fetched = [];
  lesson.host().network = (url) => {
    fetched.push(url);
    throw new Error("network access is disabled while grading");
  };
});

async function explain(options: MockOptions & { provider?: LlmProvider } = {}) {
  const { provider, ...mockOptions } = options;
  const mock = await startLessonServer(lesson, { ...mockOptions, deps: provider ? { fallbackProvider: provider } : undefined });
  const outcome = await mock.callTool("explain_error", { error_message: ERROR_MESSAGE });
  return { mock, outcome };
}

/** Checks that the call answered with an explanation and reported the path it took. */
function demandExplained(outcome: ToolOutcome, path: string, situation: string): string {
  const structured = outcome.structured;
  demand(!outcome.isError && typeof structured?.explanation === "string" && structured.explanation.trim() !== "", {
    problem: `${situation}, explain_error must still answer with an explanation`,
    expected: `structuredContent: { explanation: "...", path: "${path}" }`,
    received: outcome.result,
    file,
  });
  demand(structured.path === path, {
    problem: `${situation}, explain_error reported the wrong path`,
    expected: `structuredContent.path: "${path}"`,
    received: structured.path,
    fix: 'path names what produced the explanation: "sampling", "provider" or "deterministic"',
    file,
  });
  const explanation = structured.explanation as string;
  demand(outcome.text.includes(explanation), {
    problem: `${situation}, explain_error's text content does not carry the explanation`,
    expected: 'content: [{ type: "text", text: explanation }] beside structuredContent (TODO 4)',
    received: outcome.result.content,
    fix: "a client that ignores structuredContent shows only the text blocks: put the explanation there too",
    file,
  });
  return explanation;
}

/** Checks that fallback_reason says why a step was skipped: it must match `says`. */
function demandReason(outcome: ToolOutcome, situation: string, says: RegExp, expected: string, fix?: string): string {
  const reason = outcome.structured?.fallback_reason;
  demand(typeof reason === "string" && says.test(reason), {
    problem: `${situation}, explain_error's fallback_reason does not say why`,
    expected: `fallback_reason naming ${expected}`,
    received: reason,
    fix: fix ?? "whenever the path is not \"sampling\", fallback_reason says why: each step that was unavailable or failed records its reason (TODO 4)",
    file,
  });
  return reason as string;
}

test("registers the explain_error tool with an error_message argument", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "explain_error", ["error_message"]);
});

/** A client that declares sampling (as `persona` does) gets one request, and its model's text is the answer. */
async function demandAskedClientModel(persona: PersonaName): Promise<void> {
  const { provider, calls } = fakeProvider();
  const { mock, outcome } = await explain({ persona, provider, replies: replies.text(SAMPLED_TEXT) });
  demandSampled(mock, outcome, { tool: "explain_error", file, count: 1 });
  demandPromptAndBudget(mock.requests, {
    tool: "explain_error",
    file,
    budget: { min: 100, max: 4000, suggested: "500 is plenty for an explanation" },
  });
  demand(requestText(mock.requests[0]!.params).includes(ERROR_MESSAGE), {
    problem: "the sampling request does not contain the error message",
    expected: "a user message whose text includes error_message",
    received: mock.requests[0]!.params.messages,
    file,
  });
  const explanation = demandExplained(outcome, "sampling", "when the client's model answers");
  demand(explanation.includes(SAMPLED_TEXT), {
    problem: "structuredContent.explanation is not the model's text",
    expected: JSON.stringify(SAMPLED_TEXT),
    received: explanation,
    file,
  });
  demand(calls.length === 0, {
    problem: "explain_error called the fallback provider although the client can sample",
    expected: "the provider is only a fallback: no call while sampling works",
    received: `${calls.length} provider call(s)`,
    file,
  });
}

test("asks the client's model when the client declares sampling", async () => {
  await demandAskedClientModel("spec");
});

test("sends no sampling request to a client that did not declare sampling", async () => {
  const { mock, outcome } = await explain({ sampling: false });
  demand(mock.requests.length === 0, {
    problem: "explain_error sent a sampling request to a client that did not declare the sampling capability",
    expected: "no sampling/createMessage request: check server.server.getClientCapabilities()?.sampling first",
    received: `${mock.requests.length} request(s), which a real client refuses with -32601 Method not found`,
    fix: "read the client's capabilities inside the tool call (they are known only after initialize)",
    file,
  });
  demand(!outcome.isError, {
    problem: "a client without sampling got an error instead of an explanation",
    expected: "a fallback answer (the provider if configured, else the deterministic one)",
    received: outcome.result,
    file,
  });
});

test("uses the configured fallback provider when the client cannot sample", async () => {
  const { provider, calls } = fakeProvider();
  const { outcome } = await explain({ sampling: false, provider });
  demand(calls.length === 1, {
    problem: "explain_error did not call the fallback provider for a client without sampling",
    expected: "one deps.fallbackProvider.complete(...) call",
    received: `${calls.length} call(s); the tool answered: ${outcome.text}`,
    file,
  });
  const explanation = demandExplained(outcome, "provider", "when the fallback provider answers");
  demand(explanation.includes(PROVIDER_TEXT), {
    problem: "structuredContent.explanation is not the provider's text",
    expected: JSON.stringify(PROVIDER_TEXT),
    received: explanation,
    file,
  });
  demandReason(outcome, "when a client without sampling got the provider's answer", SAYS_NO_SAMPLING, NO_SAMPLING);
});

test("gives the provider a complete request: model, system prompt, the error and maxTokens", async () => {
  const { provider, calls } = fakeProvider();
  await explain({ sampling: false, provider });
  const request = calls[0];
  demand(request, {
    problem: "explain_error did not call the fallback provider for a client without sampling",
    expected: "one deps.fallbackProvider.complete(...) call",
    received: "no call",
    file,
  });
  demand(provider.models.includes(request.model), {
    problem: "the provider request names a model the provider does not serve",
    expected: `one of ${JSON.stringify(provider.models)} (its first is the default)`,
    received: request.model,
    fix: "use fallbackProvider.models[0]: the deployer chose the provider, so take its default",
    file,
  });
  demand(typeof request.systemPrompt === "string" && request.systemPrompt.trim() !== "", {
    problem: "the provider request has no systemPrompt",
    expected: "the same kind of system prompt the sampling request carries",
    received: request.systemPrompt,
    file,
  });
  demand(request.messages.some((m) => m.role === "user" && m.content.includes(ERROR_MESSAGE)), {
    problem: "the provider request does not contain the error message",
    expected: '[{ role: "user", content: "...error_message..." }] (provider messages are plain strings)',
    received: request.messages,
    file,
  });
  demand(Number.isInteger(request.maxTokens) && request.maxTokens > 0, {
    problem: "the provider request has no usable maxTokens",
    expected: "a positive integer, as in the sampling request",
    received: request.maxTokens,
    file,
  });
});

test("answers deterministically when there is neither sampling nor a provider", async () => {
  const first = await explain({ sampling: false });
  demand(fetched.length === 0, {
    problem: "with no fallbackProvider configured, explain_error called the network (a hard-coded provider or key?)",
    expected: "no provider unless the deployer passes one in deps.fallbackProvider",
    received: fetched,
    file,
  });
  const situation = "with neither sampling nor a provider";
  const explanation = demandExplained(first.outcome, "deterministic", situation);
  demandReason(first.outcome, situation, SAYS_NO_SAMPLING, NO_SAMPLING);
  demandReason(first.outcome, situation, /provider/i, 'the missing provider too, e.g. "no fallback provider is configured"');
  const second = await explain({ sampling: false });
  demand(second.outcome.structured?.explanation === explanation, {
    problem: "the deterministic answer changed between two calls with the same error",
    expected: "the same explanation for the same error_message",
    received: [explanation, second.outcome.structured?.explanation],
    file,
  });
});

test("falls back to the provider when sampling fails, and says why", async () => {
  const { provider, calls } = fakeProvider();
  const { mock, outcome } = await explain({ provider, replies: replies.fail("the client's model is overloaded") });
  demandSampled(mock, outcome, { tool: "explain_error", file });
  demand(!outcome.isError && calls.length === 1, {
    problem: "when the sampling request fails, explain_error should fall back to the provider",
    expected: "one deps.fallbackProvider.complete(...) call and a normal result",
    received: `${calls.length} provider call(s); the tool answered: ${outcome.text}`,
    fix: "wrap the sampling call in try/catch and continue down the chain",
    file,
  });
  demandExplained(outcome, "provider", "when sampling failed and the provider answered");
  const reason = outcome.structured?.fallback_reason;
  demand(typeof reason === "string" && reason.trim() !== "", {
    problem: "explain_error fell back without saying why",
    expected: "structuredContent.fallback_reason naming the sampling failure",
    received: reason,
    file,
  });
});

test("falls back to the deterministic answer when the provider fails", async () => {
  const { provider, calls } = fakeProvider({ fails: true });
  const { outcome } = await explain({ sampling: false, provider });
  demand(calls.length === 1, {
    problem: "explain_error did not call the fallback provider for a client without sampling",
    expected: "one deps.fallbackProvider.complete(...) call",
    received: `${calls.length} call(s)`,
    file,
  });
  const situation = "when the provider failed";
  demandExplained(outcome, "deterministic", situation);
  demandReason(outcome, situation, SAYS_NO_SAMPLING, NO_SAMPLING);
  const reason = demandReason(outcome, situation, /provider/i, `the provider that failed, e.g. 'the fallback provider "${provider.name}" failed'`);
  demand(!reason.includes(PROVIDER_ERROR), {
    problem: "explain_error's fallback_reason repeats the provider's error text",
    expected: "the provider named, its error message left out (provider errors can include request details or credentials)",
    received: reason,
    fix: "catch the provider's error and record that it failed, without its message",
    file,
  });
});

test("falls back when the client's model answers without text, and says why", async () => {
  const situation = "when the client's model answered with an image instead of text";
  const { provider, calls } = fakeProvider();
  const { mock, outcome } = await explain({ provider, replies: replies.image() });
  demandSampled(mock, outcome, { tool: "explain_error", file });
  // Checked before the result is read: a result built from an image's missing .text is not a tool result at all.
  demand(calls.length === 1, {
    problem: `${situation}, explain_error should fall back to the provider`,
    expected: "a non-text answer counts as a failed sampling request (TODO 2): one deps.fallbackProvider.complete(...) call",
    received: `${calls.length} provider call(s)`,
    fix: 'check result.content.type === "text" before reading result.content.text, and fall back when it is not',
    file,
  });
  demandExplained(outcome, "provider", situation);
  demandReason(outcome, situation, /text|image|content/i, 'the answer that was not text, e.g. "the client\'s model answered with image content instead of text"');
});

// The clients students meet (tests/kit/personas.ts, docs/clients.md): whoever answers,
// a client that declares sampling is asked, one that does not never is.
test("asks VS Code's model: VS Code declares sampling (without tools)", async () => {
  await demandAskedClientModel("vscode");
});

test("asks the model of a client that approves every request itself (goose, fast-agent)", async () => {
  await demandAskedClientModel("auto-approve");
});

test("sends nothing to Claude Desktop, Claude Code or Cursor (no sampling capability), and still answers", async () => {
  const { mock, outcome } = await explain({ persona: "no-sampling" });
  demand(mock.requests.length === 0, {
    problem: "explain_error sent a sampling request to a client that did not declare the sampling capability (as Claude Desktop, Claude Code and Cursor)",
    expected: "no sampling/createMessage request: check server.server.getClientCapabilities()?.sampling first",
    received: `${mock.requests.length} request(s), each refused with -32601 Method not found`,
    file,
  });
  demandExplained(outcome, "deterministic", "for a client without sampling and no provider configured");
});

/** Each client's way of saying no, as lesson 05's README lists them. */
const DENIALS = {
  spec: "the user denied the sampling request (-1, the spec's code)",
  vscode: 'VS Code\'s user denied the sampling request (-32000 "The user has denied permission to call this method.")',
  inspector: 'an MCP Inspector user rejected the sampling request (-32603 "Sampling request rejected")',
} satisfies Partial<Record<PersonaName, string>>;

/** A person's no: asked once, never again; the call still answers, from a fallback, and says the request was denied. */
async function demandDenialExplained(persona: keyof typeof DENIALS): Promise<void> {
  const situation = `when ${DENIALS[persona]}`;
  const { provider } = fakeProvider();
  const { mock, outcome } = await explain({ persona, provider, replies: [replies.deny(), replies.text(SAMPLED_TEXT)] });
  demandSampled(mock, outcome, { tool: "explain_error", file });
  demand(mock.requests.length === 1, {
    problem: `${situation}, explain_error asked again: ${mock.requests.length} sampling requests`,
    expected: "1 request: the person said no, and asking again overrides them",
    received: `${mock.requests.length} requests`,
    file,
  });
  demand(!outcome.isError && outcome.structured?.path !== "sampling", {
    problem: `${situation}, explain_error must still answer with an explanation from a fallback`,
    expected: 'structuredContent: { explanation, path: "provider" (or "deterministic", if you skip the provider after a no), fallback_reason }',
    received: outcome.result,
    fix: "a denial lands in the same catch as any other sampling failure: continue down the chain",
    file,
  });
  demandExplained(outcome, outcome.structured?.path === "provider" ? "provider" : "deterministic", situation);
  const reason = outcome.structured?.fallback_reason;
  demand(typeof reason === "string" && /reject|den(y|ied)|refus|declin|permission|said no/i.test(reason), {
    problem: `${situation}, explain_error's fallback_reason does not say the request was denied`,
    expected: 'fallback_reason naming the denial, e.g. "sampling failed (MCP error -32000: The user has denied permission ...)"',
    received: reason,
    fix: "put the sampling error's message in fallback_reason, or say in your own words that the user denied it",
    file,
  });
}

test("falls back when the user denies the request (-1), and says why", async () => {
  await demandDenialExplained("spec");
});

test("falls back when VS Code's user denies the request (-32000), and says why", async () => {
  await demandDenialExplained("vscode");
});

test('falls back when an MCP Inspector user rejects the request (-32603 "Sampling request rejected"), and says why', async () => {
  await demandDenialExplained("inspector");
});

test("keeps API keys out of the code", () => {
  const source = readFileSync(lesson.path("server.ts"), "utf8");
  const key = /\b(?:sk-[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,})|(?:api_?key|secret)["']?\s*[:=]\s*["'`][^"'`\s]{12,}["'`]/i.exec(source);
  demand(!key, {
    problem: "server.ts contains what looks like an API key",
    expected: "no credentials in code: the deployer passes a configured provider in deps.fallbackProvider",
    received: key?.[0],
    file,
  });
});
