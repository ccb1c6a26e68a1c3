import { afterEach, test } from "vitest";
import { HostClock } from "../kit/fake-time.js";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demand, mistake, show, type MistakeReport } from "../kit/mistake.js";
import type { MockOptions, SamplingParams } from "../kit/mock-sampling-client.js";
import { MOCK_MODEL, replies } from "../kit/replies.js";
import { isResultShapeError, resultShapeMistake } from "../kit/tool-call-mistakes.js";
import {
  connectLegacyClient,
  connectModernClient,
  errorCode,
  type ModernClient,
  type RoundOutcome,
} from "../kit/v2-lesson-server.js";

const lesson = lessonUnderTest("12-input-required");
// The same lesson in a second process: a default key that is random per process differs there,
// while a constant written in the file is the same everywhere (and known to whoever reads it).
const elsewhere = lessonUnderTest("12-input-required");
const file = lesson.display("server.ts");
const TEXT = "Octopuses taste with their arms: each sucker carries thousands of chemoreceptors, so an arm can judge prey before the brain decides.";
const ARGS = { text_to_summarize: TEXT };
const ANSWER = "Octopus arms taste what they touch.";
// Two keys of at least 32 bytes, as createRequestStateCodec requires.
const KEY = "lesson-12-graded-key-6c1f0a9e3b7d2485";
const OTHER_KEY = "lesson-12-another-key-d49e27b1c0f8a536";
const HOUR_MS = 60 * 60 * 1000;

interface Deps {
  stateKey?: string;
}

const open: Array<{ close(): Promise<void> }> = [];
let clock: HostClock | undefined;

afterEach(async () => {
  await clock?.uninstall();
  clock = undefined;
  await Promise.allSettled(open.splice(0).map((client) => client.close()));
});

/** A 2026-07-28 client on the lesson's factory; deps default to { stateKey: KEY }, `deps: undefined` passes none. */
async function modern(options: MockOptions & { deps?: Deps } = {}, process = lesson): Promise<ModernClient> {
  const deps = "deps" in options ? options.deps : { stateKey: KEY };
  const client = await connectModernClient(process, deps, options);
  open.push(client);
  return client;
}

async function legacy(options: MockOptions = {}) {
  const mock = await connectLegacyClient(lesson, { stateKey: KEY }, options).catch((error: unknown) => {
    throw /Method not found/i.test(messageOf(error)) ? sharedServerMistake(error) : error;
  });
  open.push(mock);
  return mock;
}

/**
 * A 2025-era connection answered "Method not found": the McpServer it got had already been handed
 * out (and connected) before, which happens when createServer returns one shared server.
 */
function sharedServerMistake(error: unknown) {
  return mistake({
    problem:
      "a 2025-era client could not start a session (Method not found): createServer seems to return one shared " +
      "McpServer, already connected elsewhere, instead of a fresh one on every call",
    expected: "createServer builds and returns a new McpServer each time it is called (serveStdio calls it once per connection)",
    received: messageOf(error),
    fix: "create the McpServer and register the tool inside createServer; keep only the default key at module level",
    file,
  });
}

/** A sampling answer as a client sends it back on the retry. */
function modelAnswer(text: string) {
  return { model: MOCK_MODEL, role: "assistant", content: { type: "text", text } };
}

/** The first round of a call, checked: one embedded sampling request and a requestState. */
async function firstRound(client?: ModernClient) {
  const modernClient = client ?? (await modern());
  const round = await modernClient.callOnce("summarize", ARGS);
  await demandNoPush(modernClient, round);
  demand(round.kind === "input_required", {
    problem: "summarize did not ask for input: a 2026-07-28 client should first get an input-required result",
    expected: "return inputRequired({ inputRequests: { summary: inputRequired.createMessage({ ... }) }, requestState })",
    received: describeRound(round),
    file,
  });
  const requests = Object.entries(round.inputRequests);
  const sampling = requests.filter(([, request]) => (request as { method?: unknown }).method === "sampling/createMessage");
  demand(requests.length === 1 && sampling.length === 1, {
    problem: "the input-required result should embed exactly one sampling request",
    expected: "inputRequests: { <any key>: inputRequired.createMessage({ ... }) }",
    received: round.inputRequests,
    file,
  });
  const state = round.requestState;
  demand(typeof state === "string" && state !== "", {
    problem: "the input-required result carries no requestState",
    expected: "requestState: await codec.mint({ ... }), a signed string the client echoes on its retry",
    received: state,
    file,
  });
  const [key, request] = sampling[0]!;
  return { client: modernClient, key, params: (request as { params: SamplingParams }).params, state };
}

/** Retries the first round's call with a scripted answer and the given state. */
function retry(client: ModernClient, key: string, requestState: string): Promise<RoundOutcome> {
  return client.callOnce("summarize", ARGS, { inputResponses: { [key]: modelAnswer(ANSWER) }, requestState });
}

async function demandNoPush(client: ModernClient, round: RoundOutcome): Promise<void> {
  demand((await client.pushAttempts()) === 0, {
    problem:
      "summarize pushed a sampling request (server.server.createMessage or ctx.mcpReq.requestSampling): " +
      "on 2026-07-28 a server cannot send requests to the client, so the call fails",
    expected: "return inputRequired({ inputRequests: { ...: inputRequired.createMessage(params) }, requestState }) and read the answer on the retry",
    received: describeRound(round),
    fix: "the same inputRequired code also serves 2025-era clients: the SDK pushes the request for you there",
    file,
  });
}

/** A retry that must fail: a thrown protocol error or an isError result, never a summary or a new question. */
function demandRefused(round: RoundOutcome, report: Omit<MistakeReport, "received">): void {
  const refused = round.kind === "error" || (round.kind === "complete" && round.outcome.isError);
  demand(refused, { ...report, received: describeRound(round) });
}

function describeRound(round: RoundOutcome): unknown {
  if (round.kind === "error") {
    const code = errorCode(round.error);
    return `an error${code === undefined ? "" : ` (${code})`}: ${messageOf(round.error)}`;
  }
  if (round.kind === "input_required") return { resultType: "input_required", inputRequests: round.inputRequests, requestState: round.requestState };
  return withoutMeta(round.outcome.result);
}

/** A tool result without the SDK's _meta (server info), which only clutters a failure message. */
function withoutMeta(result: object): object {
  const { _meta, ...rest } = result as { _meta?: unknown };
  return rest;
}

/** Names why an auto-fulfilled call failed: the server asking again, or anything else. */
async function failedRoundTrip(client: ModernClient, error: unknown): Promise<never> {
  const rounds = client.requests.length;
  if (rounds > 1) {
    await demandVerifier(client, {
      problem: "summarize asked for the summary again although the retry carried the model's answer: ",
      received: `${rounds} sampling rounds, then: ${messageOf(error)}`,
    });
  }
  demand(rounds <= 1, {
    problem: "summarize asked for the summary again although the retry carried the model's answer",
    expected: "on the retry, read the answer with inputResponse(ctx.mcpReq.inputResponses, key) and return its text",
    received: `${rounds} sampling rounds, then: ${messageOf(error)}`,
    file,
  });
  await demandNoPush(client, { kind: "error", error });
  if (isResultShapeError(error)) throw resultShapeMistake("summarize", file, messageOf(error));
  throw mistake({
    problem: "a 2026-07-28 client could not finish a summarize call",
    expected: "an input-required result first, then the summary on the retry",
    received: messageOf(error),
    file,
  });
}

/**
 * Fails when the server runs its handler on a requestState it never minted (no verify installed)
 * instead of refusing it: the SDK then neither checks nor decodes any state.
 */
async function demandVerifier(client: ModernClient, context: { problem?: string; received?: string } = {}): Promise<void> {
  const probe = await client.callOnce("summarize", ARGS, { requestState: "made-up-state" }).catch(() => undefined);
  if (probe?.kind !== "input_required") return;
  throw mistake({
    problem:
      `${context.problem ?? ""}McpServer has no requestState verify, so the SDK let a made-up requestState through ` +
      "and ctx.mcpReq.requestState() hands your handler the raw string the client echoed, never the payload you minted",
    expected: "new McpServer(info, { requestState: { verify: codec.verify } }): the SDK checks every state and decodes it for you",
    received: context.received ?? `a retry carrying requestState "made-up-state" got: ${show(describeRound(probe))}`,
    fix: "pass the codec's verify to McpServer's second argument; minting with the codec alone signs the state but nothing checks it",
    file,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

test("registers the summarize tool with a text_to_summarize argument", async () => {
  const client = await modern();
  const { tools } = await client.client.listTools();
  const tool = tools.find((t) => t.name === "summarize");
  demand(tool, {
    problem: 'the server has no tool named "summarize"',
    expected: 'server.registerTool("summarize", ...)',
    received: tools.map((t) => t.name),
    file,
  });
  const properties = Object.keys((tool.inputSchema.properties ?? {}) as object);
  demand(properties.length === 1 && properties[0] === "text_to_summarize", {
    problem: "summarize takes the wrong arguments",
    expected: 'inputSchema: z.object({ text_to_summarize: z.string() })',
    received: properties,
    file,
  });
});

test("answers a 2026-07-28 client with an input-required result and a requestState", async () => {
  await firstRound();
});

test("puts the text to summarize in one user message", async () => {
  const { params } = await firstRound();
  const messages = params.messages ?? [];
  const [first] = messages;
  demand(messages.length === 1 && first?.role === "user", {
    problem: "the sampling request should carry exactly one message, from the user",
    expected: '[{ role: "user", content: { type: "text", text: "...the text..." } }]',
    received: messages,
    file,
  });
  const content = first!.content;
  demand(!Array.isArray(content) && content.type === "text" && content.text.includes(TEXT), {
    problem: "the user message does not contain the text to summarize",
    expected: `a text block containing text_to_summarize (${JSON.stringify(TEXT.slice(0, 30))}...)`,
    received: content,
    file,
  });
});

test("gives the model a system prompt", async () => {
  const { params } = await firstRound();
  demand(typeof params.systemPrompt === "string" && params.systemPrompt.trim() !== "", {
    problem: "the sampling request has no systemPrompt",
    expected: "a non-empty systemPrompt saying what role the model plays and what to do",
    received: params.systemPrompt,
    fix: 'add systemPrompt: "You are ..." to inputRequired.createMessage({ ... })',
    file,
  });
});

test("asks for at most 1000 tokens", async () => {
  const { params } = await firstRound();
  demand(params.maxTokens === 1000, {
    problem: "the sampling request asks for the wrong maxTokens",
    expected: "maxTokens: 1000",
    received: params.maxTokens,
    file,
  });
});

test("a 2026-07-28 client gets the model's summary after one round trip", async () => {
  const client = await modern({ replies: replies.text(ANSWER) });
  const outcome = await client.callTool("summarize", ARGS).catch((error: unknown) => failedRoundTrip(client, error));
  await demandNoPush(client, { kind: "complete", outcome });
  demand(!outcome.isError && outcome.text.includes(ANSWER), {
    problem: "summarize did not return the model's text on the retry",
    expected: `a text result containing ${JSON.stringify(ANSWER)} (inputResponse(...).result.content.text)`,
    received: withoutMeta(outcome.result),
    file,
  });
  demand(client.requests.length === 1, {
    problem: `summarize needed ${client.requests.length} sampling rounds for one call`,
    expected: "exactly one sampling request",
    received: client.requests.map((r) => r.params.messages),
    file,
  });
});

test("a 2025-era client (SDK v1) gets the summary too, through the legacy path", async () => {
  const mock = await legacy({ replies: replies.text(ANSWER) });
  const outcome = await mock.callTool("summarize", ARGS);
  demand(!outcome.isError && outcome.text.includes(ANSWER), {
    problem: "a 2025-era client did not get the summary",
    expected: `a text result containing ${JSON.stringify(ANSWER)}: the SDK turns your input-required result into a sampling request`,
    received: withoutMeta(outcome.result),
    file,
  });
  demand(mock.requests.length === 1, {
    problem: `a 2025-era client got ${mock.requests.length} sampling requests for one call`,
    expected: "exactly one sampling request",
    received: mock.requests.map((r) => r.params.messages),
    file,
  });
});

test("reports a non-text answer as an error, not an empty success", async () => {
  const client = await modern({ replies: replies.image() });
  const outcome = await client.callTool("summarize", ARGS).catch((error: unknown) => failedRoundTrip(client, error));
  demand(client.requests.length > 0, {
    problem: "summarize sent no sampling request",
    expected: "one embedded sampling request",
    received: withoutMeta(outcome.result),
    file,
  });
  demand(outcome.isError && outcome.text.trim() !== "", {
    problem: "when the model answers with an image, summarize must return isError: true with a message",
    expected: '{ isError: true, content: [{ type: "text", text: "...why..." }] }',
    received: withoutMeta(outcome.result),
    fix: 'check result.content.type === "text" before reading result.content.text',
    file,
  });
});

test("a retry that brings the state but not the answer is asked again", async () => {
  const { client, state } = await firstRound();
  const round = await client.callOnce("summarize", ARGS, { requestState: state });
  demand(round.kind === "input_required", {
    problem: "summarize answered a retry that carried its requestState but no model answer, instead of asking again",
    expected: "a new input-required result: only an inputResponse of kind \"sampling\" holds the summary",
    received: describeRound(round),
    fix: 'check inputResponse(...).kind === "sampling" before reading its result',
    file,
  });
});

test("refuses a tampered requestState", async () => {
  const { client, key, state } = await firstRound();
  await demandVerifier(client);
  const honest = await retry(client, key, state);
  demand(honest.kind === "complete" && !honest.outcome.isError && honest.outcome.text.includes(ANSWER), {
    problem: "a retry with the answer and the requestState summarize minted itself did not return the summary",
    expected: `a text result containing ${JSON.stringify(ANSWER)}`,
    received: describeRound(honest),
    file,
  });
  demandRefused(await retry(client, key, tamper(state)), {
    problem: "summarize accepted a tampered requestState: the client changed it and the server did not notice",
    expected: 'the retry refused with -32602 "Invalid or expired requestState"',
    fix: "sign the state: createRequestStateCodec({ key }) and new McpServer(info, { requestState: { verify: codec.verify } })",
    file,
  });
});

test("refuses a requestState minted over an hour ago", async () => {
  const client = await modern();
  clock = new HostClock(lesson.host());
  await clock.install(["Date"], Date.now());
  const { key, state } = await firstRound(client);
  await demandVerifier(client);
  await clock.setSystemTime(clock.now() + HOUR_MS + 60_000);
  demandRefused(await retry(client, key, state), {
    problem: "summarize accepted a requestState minted 61 minutes earlier: signed state needs a short expiry",
    expected: 'the retry refused with -32602 "Invalid or expired requestState"',
    fix: "keep createRequestStateCodec's ttlSeconds short (its default of 600 is fine)",
    file,
  });
});

test("signs with deps.stateKey", async () => {
  const first = await firstRound(await modern({ deps: { stateKey: KEY } }));
  const { key, state } = first;
  await demandVerifier(first.client);
  const stranger = await modern({ deps: { stateKey: OTHER_KEY } });
  demandRefused(await retry(stranger, key, state), {
    problem: "createServer ignores deps.stateKey: a server built with another key accepted this requestState",
    expected: "a state signed with one deps.stateKey refused by a server built with another",
    fix: "createRequestStateCodec({ key: deps.stateKey ?? <default key> })",
    file,
  });
  const sibling = await modern({ deps: { stateKey: KEY } });
  const accepted = await retry(sibling, key, state);
  demand(accepted.kind === "complete" && !accepted.outcome.isError && accepted.outcome.text.includes(ANSWER), {
    problem: "another server built with the same deps.stateKey refused the requestState",
    expected: `every server built with the same key accepts its states (the summary ${JSON.stringify(ANSWER)})`,
    received: describeRound(accepted),
    file,
  });
});

test("without deps, the default key works across the fresh server of each round", async () => {
  const client = await modern({ deps: undefined, replies: replies.text(ANSWER) });
  const outcome = await client.callTool("summarize", ARGS).catch((error: unknown) => {
    demand(errorCode(error) !== -32602, {
      problem:
        "without deps.stateKey the retry was refused as an invalid requestState: the default key changes " +
        "with every createServer() call, but each round of a call can reach a new server",
      expected: "one default key for the whole process, used when deps.stateKey is missing",
      received: messageOf(error),
      fix: "create the default key once, at module level (randomBytes(32)), not inside createServer",
      file,
    });
    return failedRoundTrip(client, error);
  });
  demand(!outcome.isError && outcome.text.includes(ANSWER), {
    problem: "createServer() without deps did not return the summary",
    expected: `a text result containing ${JSON.stringify(ANSWER)}`,
    received: withoutMeta(outcome.result),
    file,
  });
});

test("the default key is no constant in the code: another process refuses its states", async () => {
  const first = await firstRound(await modern({ deps: undefined }));
  const { key, state } = first;
  await demandVerifier(first.client);
  const otherProcess = await modern({ deps: undefined }, elsewhere);
  demandRefused(await retry(otherProcess, key, state), {
    problem:
      "without deps.stateKey, a requestState minted in one process was accepted by another: the default key " +
      "is a constant in the code, so anyone who reads the code can sign states your server accepts",
    expected: "a default key made at random once per process, so a state minted elsewhere is refused",
    fix: "const processStateKey = randomBytes(32); at module level, used when deps.stateKey is missing",
    file,
  });
});

test("tells a client without sampling, in either era, that sampling is missing", async () => {
  const client = await modern({ sampling: false });
  const round = await client.callOnce("summarize", ARGS);
  const said = round.kind === "error" ? messageOf(round.error) : round.kind === "complete" && round.outcome.isError ? round.outcome.text : "";
  demand(/sampling/i.test(said), {
    problem: "a 2026-07-28 client without sampling did not get an error that names sampling",
    expected: "an error about the missing sampling capability (the SDK raises -32021 when inputRequests need it)",
    received: describeRound(round),
    file,
  });
  const mock = await legacy({ sampling: false });
  const outcome = await mock.callTool("summarize", ARGS);
  demand(mock.requests.length === 0, {
    problem: "summarize sent a sampling request to a 2025-era client that did not declare sampling",
    expected: "no request: let the SDK check the capability, or check it yourself first",
    received: mock.requests.map((r) => r.params.messages),
    file,
  });
  demand(outcome.isError && /sampling/i.test(outcome.text), {
    problem: "a 2025-era client without sampling did not get an error that names sampling",
    expected: "{ isError: true } with a message about the missing sampling capability",
    received: withoutMeta(outcome.result),
    file,
  });
});

/**
 * The state as an attacker would change it: for the codec's "v1.<body>.<mac>"
 * the payload changes and the MAC stays; plain JSON (or base64url JSON) gets an
 * extra field; anything else gets one character changed.
 */
function tamper(state: string): string {
  const [version, body, mac, ...rest] = state.split(".");
  if (version === "v1" && body && mac && rest.length === 0) {
    const envelope = parseJson(Buffer.from(body, "base64url").toString("utf8"));
    if (envelope && typeof envelope === "object") {
      const forged = { ...envelope, p: withForgedField((envelope as { p?: unknown }).p) };
      return `${version}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${mac}`;
    }
  }
  const json = parseJson(state);
  if (json !== undefined) return JSON.stringify(withForgedField(json));
  const encoded = parseJson(Buffer.from(state, "base64url").toString("utf8"));
  if (encoded !== undefined) return Buffer.from(JSON.stringify(withForgedField(encoded))).toString("base64url");
  return state.slice(0, -1) + (state.endsWith("A") ? "B" : "A");
}

function withForgedField(payload: unknown): unknown {
  return payload && typeof payload === "object" && !Array.isArray(payload) ? { ...payload, forged: true } : { value: payload, forged: true };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
