import { test } from "vitest";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand, show } from "../kit/mistake.js";
import { demandPromptAndBudget, requestText, saysNotText } from "../kit/request-basics.js";
import { MOCK_MODEL, replies, type Responder } from "../kit/replies.js";
import type { MockOptions, MockSamplingClient, SamplingParams, ToolOutcome } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("11-sampling-with-tools");
const file = lesson.display("server.ts");
const QUESTION = "How much do I pay if I return a book four days late?";
const FINAL = "Four days late costs 0.80 for one book.";
const WITH_TOOLS: MockOptions = { sampling: { tools: true } };

type Block = Exclude<SamplingParams["messages"][number]["content"], unknown[]>;

function blocksOf(message: SamplingParams["messages"][number]): Block[] {
  return Array.isArray(message.content) ? message.content : [message.content];
}

/** The argument name the student's lookup tool declares (any name is fine). */
function lookupArgument(params: SamplingParams): string {
  const lookup = params.tools?.find((tool) => tool.name === "lookup");
  return Object.keys(lookup?.inputSchema.properties ?? {})[0] ?? "query";
}

/** One tool call of the model's: lookup unless `name` says otherwise; `query` may be any value. */
interface ToolCall {
  id: string;
  query: unknown;
  name?: string;
}

/** The model asks for the tools once per id, in one turn. */
function asksForLookup(calls: ToolCall[]): Responder {
  return ({ params }) => ({
    model: MOCK_MODEL,
    role: "assistant",
    stopReason: "toolUse",
    content: calls.map(({ id, query, name = "lookup" }) => ({ type: "tool_use", id, name, input: { [lookupArgument(params)]: query } })),
  });
}

async function ask(options: MockOptions) {
  const mock = await startLessonServer(lesson, options);
  const outcome = await mock.callTool("answer_with_lookup", { question: QUESTION });
  return { mock, outcome };
}

// What SDK 1.32's server.server.createMessage throws, before sending, for a follow-up
// request whose tool results do not fit the conversation (server/index.js).
const SDK_REFUSALS: Array<[RegExp, string]> = [
  [/ids of tool_result blocks and tool_use blocks/i, "the tool results do not answer exactly the model's tool_use ids, so the SDK refused to send them"],
  [/not matching any tool_use|must contain only tool_result/i, "the follow-up request lost the assistant's tool_use message, so the SDK refused to send it"],
];

/** After a tool_use answer the server must sample again; names what usually stops it. */
function demandFollowUp(mock: MockSamplingClient, outcome: ToolOutcome, count: number): void {
  const refusal = SDK_REFUSALS.find(([pattern]) => pattern.test(outcome.text))?.[1];
  demand(mock.requests.length >= count, {
    problem: refusal ?? "answer_with_lookup sent no follow-up request after the model asked for lookup",
    expected: `${count} sampling requests: after each tool_use answer, run lookup and sample again with the results`,
    received: `${mock.requests.length} request(s); the tool answered: ${outcome.text}`,
    fix: "push the assistant's blocks, then a user message of tool_result blocks (one per tool_use id), and sample again",
    file,
  });
}

type ToolResult = Extract<Block, { type: "tool_result" }>;

/** The tool_result blocks of a request's last message, which must hold nothing else. */
function toolResultsOf(params: SamplingParams): ToolResult[] {
  const last = params.messages[params.messages.length - 1];
  const blocks = last ? blocksOf(last) : [];
  const results = blocks.flatMap((block) => (block.type === "tool_result" ? [block] : []));
  demand(last?.role === "user" && results.length > 0 && results.length === blocks.length, {
    problem: "the follow-up request does not end with a user message of tool results",
    expected: '{ role: "user", content: [{ type: "tool_result", toolUseId, content: [...] }] } as the last message',
    received: last,
    file,
  });
  return results;
}

/** Every request must carry the question itself, with or without tools. */
function demandQuestionSent(params: SamplingParams, request: string): void {
  demand(requestText(params).includes(QUESTION), {
    problem: `the ${request} does not contain the question`,
    expected: "a user message whose text includes question",
    received: params.messages,
    file,
  });
}

function resultText(result: { content: Array<{ type: string }> }): string {
  return result.content.map((block) => ("text" in block ? String(block.text) : "")).join("");
}

function demandAnswered(outcome: ToolOutcome, text: string): void {
  demand(!outcome.isError && outcome.text.includes(text), {
    problem: "answer_with_lookup did not return the model's final answer",
    expected: `a text result containing ${JSON.stringify(text)}`,
    received: outcome.result,
    fix: "when an answer has no tool_use block, return its text blocks",
    file,
  });
}

test("registers the answer_with_lookup tool with a question argument", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "answer_with_lookup", ["question"]);
});

test("sends a lookup tool definition to a client that declares sampling.tools", async () => {
  const { mock, outcome } = await ask({ ...WITH_TOOLS, replies: replies.text(FINAL) });
  demandSampled(mock, outcome, { tool: "answer_with_lookup", file, count: 1 });
  const { params } = mock.requests[0]!;
  const { tools } = params;
  const lookup = tools?.find((tool) => tool.name === "lookup");
  demand(lookup, {
    problem: "the sampling request carries no tool named lookup",
    expected: 'tools: [{ name: "lookup", description: "...", inputSchema: { type: "object", properties: { query: ... } } }]',
    received: tools,
    file,
  });
  demand(typeof lookup.description === "string" && lookup.description.trim() !== "", {
    problem: "the lookup tool has no description",
    expected: "a description that tells the model what lookup searches and when to use it",
    received: lookup,
    file,
  });
  demand(lookup.inputSchema.type === "object" && Object.keys(lookup.inputSchema.properties ?? {}).length > 0, {
    problem: "the lookup tool declares no arguments",
    expected: 'inputSchema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] }',
    received: lookup.inputSchema,
    file,
  });
  const argument = lookupArgument(params);
  const declared: { type?: unknown } | undefined = lookup.inputSchema.properties?.[argument];
  const required = lookup.inputSchema.required ?? [];
  demand(declared?.type === "string" && required.includes(argument), {
    problem:
      declared?.type !== "string"
        ? `the lookup tool does not declare its argument ${argument} as a string`
        : `the lookup tool does not list its argument ${argument} as required`,
    expected: `inputSchema: { type: "object", properties: { ${argument}: { type: "string" } }, required: ["${argument}"] } (TODO 3)`,
    received: lookup.inputSchema,
    fix: "the schema is what the model reads to call lookup: say the query is a string it must give",
    file,
  });
  demandQuestionSent(params, "sampling request");
  demandAnswered(outcome, FINAL);
});

/** A client that samples without sampling.tools (`options` says which) gets one plain request. */
async function demandPlainRequest(options: MockOptions, client?: string): Promise<void> {
  const { mock, outcome } = await ask({ ...options, replies: replies.text(FINAL) });
  const refusedBySdk = mock.requests.length === 0 && /sampling tools/i.test(outcome.text);
  const sentTools = mock.requests.some((r) => r.params.tools !== undefined || r.params.toolChoice !== undefined);
  demand(!refusedBySdk && !sentTools, {
    problem: `answer_with_lookup sent tools to a client that did not declare sampling.tools${client ? ` (${client})` : ""}`,
    expected: "no tools and no toolChoice unless getClientCapabilities()?.sampling?.tools is set",
    received: refusedBySdk ? `the SDK refused to send it: ${outcome.text}` : mock.requests.map((r) => r.params.tools),
    file,
  });
  demandSampled(mock, outcome, { tool: "answer_with_lookup", file, count: 1 });
  demandQuestionSent(mock.requests[0]!.params, `plain sampling request${client ? ` to ${client}` : ""}`);
  demandAnswered(outcome, FINAL);
}

test("sends one plain request, without tools, to a client without sampling.tools", async () => {
  await demandPlainRequest({});
});

test("returns an error, and sends nothing, to a client that cannot sample", async () => {
  const { mock, outcome } = await ask({ persona: "no-sampling" });
  const sent = mock.requests.length;
  demand(sent === 0, {
    problem: `answer_with_lookup sent ${sent} sampling request(s) to a client without the sampling capability (as Claude Desktop, Claude Code and Cursor)`,
    expected: "no request: check server.server.getClientCapabilities()?.sampling first",
    received: `${sent} request(s), each refused with -32601 "Method not found"`,
    file,
  });
  // Paths left out: a placeholder that names lessons/11-sampling-with-tools/ does not say it.
  const says = /sampl|capabilit/i.test(outcome.text.replace(/\S*\/\S*/g, ""));
  demand(outcome.isError && says, {
    problem: outcome.isError
      ? "answer_with_lookup's error for a client that cannot sample does not say so"
      : "answer_with_lookup returned a success to a client that cannot sample: there is no model to answer with",
    expected: '{ isError: true, content: [{ type: "text", text: "...this client cannot sample..." }] } (TODO 1)',
    received: outcome.result,
    fix: "when getClientCapabilities()?.sampling is undefined, return an error result that says the client does not support sampling",
    file,
  });
});

/** One round of the loop with a client that declares sampling.tools (`options` says which). */
async function demandLookupRound(options: MockOptions): Promise<void> {
  const { mock, outcome } = await ask({
    ...options,
    replies: [asksForLookup([{ id: "call_7f2", query: "late fees" }]), replies.text(FINAL)],
  });
  demandFollowUp(mock, outcome, 2);
  const [result] = toolResultsOf(mock.requests[1]!.params);
  demand(result?.toolUseId === "call_7f2", {
    problem: "the tool_result does not carry the id of the tool_use it answers",
    expected: 'toolUseId: "call_7f2" (the id from the model\'s tool_use block)',
    received: result,
    file,
  });
  demand(resultText(result).trim() !== "", {
    problem: "the tool_result holds no text: the model gets nothing back from lookup",
    expected: 'content: [{ type: "text", text: lookup(query) }]',
    received: result,
    file,
  });
  demandRan(result, "late fees");
  demandAnswered(outcome, FINAL);
}

/** A lookup that ran is a result, not an error: isError tells the model its call failed. */
function demandRan(result: ToolResult, query: string): void {
  demand(result.isError !== true, {
    problem: `the tool_result of lookup("${query}"), which ran, says isError: true: the model is told its lookup failed`,
    expected: "isError only on the result of a call that could not run (a tool other than lookup, a query that is not a string)",
    received: result,
    file,
  });
}

test("runs lookup and sends its result back with the matching id", async () => {
  await demandLookupRound(WITH_TOOLS);
});

/** The tool_result answering the tool_use `id`, from the follow-up request. */
function resultFor(results: ToolResult[], id: string): ToolResult {
  const result = results.find((block) => block.toolUseId === id);
  demand(result, {
    problem: `no tool_result answers the model's tool_use ${id}`,
    expected: `a tool_result with toolUseId "${id}"`,
    received: results,
    fix: "answer every tool_use of the turn, whatever tool it names and whatever its input",
    file,
  });
  return result;
}

test("answers every lookup the model asks for in one turn", async () => {
  const { mock, outcome } = await ask({
    ...WITH_TOOLS,
    replies: [
      asksForLookup([
        { id: "call_fees", query: "late fees" },
        { id: "call_hours", query: "opening hours" },
      ]),
      replies.text(FINAL),
    ],
  });
  demandFollowUp(mock, outcome, 2);
  const results = toolResultsOf(mock.requests[1]!.params);
  const ids = results.map((result) => result.toolUseId).sort();
  demand(show(ids) === show(["call_fees", "call_hours"]), {
    problem: "answer_with_lookup did not answer every tool_use of the turn",
    expected: 'one tool_result for each tool_use: toolUseId "call_fees" and "call_hours"',
    received: ids,
    fix: "map over every tool_use block of the answer, not just the first",
    file,
  });
  const [fees, hours] = ["call_fees", "call_hours"].map((id) => resultText(resultFor(results, id)));
  demand(fees !== hours, {
    problem: 'lookup("late fees") and lookup("opening hours") came back with the same text: lookup did not run with each call\'s own query',
    expected: "each tool_result holds lookup(<that tool_use's input.query>), so two different queries find different entries",
    received: fees,
    fix: "call lookup with the query in that tool_use's input (use.input.query), not the question or another call's query",
    file,
  });
});

/** A call that cannot run gets a tool_result with isError: true and a text that says what to fix. */
function demandRefused(result: ToolResult, mistake: { call: string; ran: string; says: string; fix: string }): void {
  demand(result.isError === true && resultText(result).trim() !== "", {
    problem: result.isError ? `the error tool_result for ${mistake.call} says nothing: the model cannot tell what to fix` : mistake.ran,
    expected: `{ type: "tool_result", toolUseId: "${result.toolUseId}", isError: true, content: [{ type: "text", text: "${mistake.says}" }] }`,
    received: result,
    fix: mistake.fix,
    file,
  });
}

test("answers a call to a tool it did not offer with an error tool_result", async () => {
  const { mock, outcome } = await ask({
    ...WITH_TOOLS,
    replies: [
      asksForLookup([
        { id: "call_fees", query: "late fees" },
        { id: "call_other", query: "Dune", name: "check_availability" },
      ]),
      replies.text(FINAL),
    ],
  });
  demandFollowUp(mock, outcome, 2);
  const results = toolResultsOf(mock.requests[1]!.params);
  demandRefused(resultFor(results, "call_other"), {
    call: "a tool that does not exist",
    ran: "answer_with_lookup ran a tool_use for check_availability, a tool it never offered, as if it were lookup",
    says: "...no tool named check_availability; use lookup",
    fix: "check the tool_use's name before running lookup: the model chose it, so treat it as untrusted input",
  });
  demandRan(resultFor(results, "call_fees"), "late fees");
  demandAnswered(outcome, FINAL);
});

test("answers a lookup whose query is not a string with an error tool_result", async () => {
  const { mock, outcome } = await ask({
    ...WITH_TOOLS,
    replies: [asksForLookup([{ id: "call_num", query: 42 }]), replies.text(FINAL)],
  });
  demandFollowUp(mock, outcome, 2);
  demandRefused(resultFor(toolResultsOf(mock.requests[1]!.params), "call_num"), {
    call: "a query that is not a string",
    ran: "answer_with_lookup ran lookup with a query that is not a string (42) instead of answering with an error",
    says: "...lookup needs a query string",
    fix: 'check typeof query === "string" before calling lookup: the model chose the arguments, so treat them as untrusted input',
  });
  demandAnswered(outcome, FINAL);
});

test("keeps the whole conversation from one iteration to the next", async () => {
  const { mock, outcome } = await ask({
    ...WITH_TOOLS,
    replies: [
      asksForLookup([{ id: "call_1", query: "late fees" }]),
      asksForLookup([{ id: "call_2", query: "membership" }]),
      replies.text(FINAL),
    ],
  });
  demandFollowUp(mock, outcome, 3);
  const steps = mock.requests[2]!.params.messages.flatMap((message) =>
    blocksOf(message).map((block) => {
      if (block.type === "tool_use") return `${message.role} tool_use ${block.id}`;
      if (block.type === "tool_result") return `${message.role} tool_result ${block.toolUseId}`;
      if (block.type === "text" && block.text.includes(QUESTION)) return `${message.role} question`;
      return `${message.role} ${block.type}`;
    }),
  );
  const wanted = ["user question", "assistant tool_use call_1", "user tool_result call_1", "assistant tool_use call_2", "user tool_result call_2"];
  let found = 0;
  for (const step of steps) if (step === wanted[found]) found += 1;
  demand(found === wanted.length, {
    problem: "the third request lost the conversation history: the model no longer sees everything that happened",
    expected: `messages in this order: ${wanted.join(" → ")}`,
    received: steps,
    fix: "keep ONE messages array for the whole call and push onto it; never rebuild it from the last turn",
    file,
  });
  demandAnswered(outcome, FINAL);
});

test("stops after 5 sampling requests when the model keeps asking for lookup", async () => {
  // Asks for lookup 12 times, whatever toolChoice says, then answers: a loop with no cap ends too.
  const endless: Responder = (request, context) =>
    request.index < 12
      ? asksForLookup([{ id: `call_${request.index}`, query: "late fees" }])(request, context)
      : replies.text("Finally, an answer.")(request, context);
  const { mock, outcome } = await ask({ ...WITH_TOOLS, replies: endless });
  const sent = mock.requests.length;
  demand(sent <= 5, {
    problem:
      sent > 12
        ? `answer_with_lookup has no iteration cap: it kept sampling until the model stopped (${sent} requests)`
        : `answer_with_lookup sent ${sent} sampling requests for one call, more than the cap of 5`,
    expected: "at most 5 sampling requests, then a result that says the model never finished",
    received: `${sent} requests`,
    fix: "count the requests and stop after MAX_ITERATIONS (5), whatever the last answer was",
    file,
  });
  demand(sent === 5, {
    problem: `answer_with_lookup stopped after ${sent} sampling request(s) although the cap is 5`,
    expected: "5 requests when the model keeps asking for lookup",
    received: `${sent} requests; the tool answered: ${outcome.text}`,
    file,
  });
  demand(outcome.isError && outcome.text.trim() !== "", {
    problem: outcome.isError
      ? "after the last allowed request, answer_with_lookup returned no explanation"
      : "after the last allowed request, answer_with_lookup returned a success: the cap is an error result (TODO 5)",
    expected: "{ isError: true, content: [{ type: \"text\", text: \"...the model kept asking for lookups...\" }] }",
    received: outcome.result,
    fix: "when the cap is reached without an answer, return isError: true with a text that says why",
    file,
  });
});

test("reads a final answer sent as an array of blocks", async () => {
  const { mock, outcome } = await ask({
    ...WITH_TOOLS,
    replies: [
      asksForLookup([{ id: "call_9", query: "study rooms" }]),
      replies.raw({ model: MOCK_MODEL, role: "assistant", stopReason: "endTurn", content: [{ type: "text", text: FINAL }] }),
    ],
  });
  demandFollowUp(mock, outcome, 2);
  demandAnswered(outcome, FINAL);
});

test("gives every request a system prompt and a maxTokens budget, with tools or without", async () => {
  const plain = await ask({ replies: replies.text(FINAL) });
  const looped = await ask({ ...WITH_TOOLS, replies: [asksForLookup([{ id: "call_5", query: "late fees" }]), replies.text(FINAL)] });
  demandFollowUp(looped.mock, looped.outcome, 2);
  demandPromptAndBudget([...plain.mock.requests, ...looped.mock.requests], {
    tool: "answer_with_lookup",
    file,
    budget: { min: 200, max: 4000, suggested: "1000 is plenty for a few sentences" },
  });
});

test("reports an answer with no text as an error, with tools or without", async () => {
  for (const [options, request] of [[{}, "the plain request"], [WITH_TOOLS, "the request with tools"]] as const) {
    const { mock, outcome } = await ask({ ...options, replies: replies.image() });
    demandSampled(mock, outcome, { tool: "answer_with_lookup", file, count: 1 });
    demand(outcome.isError && saysNotText(outcome.text), {
      problem: outcome.isError
        ? `when the model answers ${request} with an image, answer_with_lookup's error must say the answer held no text`
        : `when the model answers ${request} with an image, answer_with_lookup must return isError: true with a message, not an empty answer`,
      expected: '{ isError: true, content: [{ type: "text", text: "the model answered with image content, not text" }] }',
      received: outcome.result,
      fix: "read only the text blocks of the answer, and return an error result that says so when there are none (TODOs 2 and 4)",
      file,
    });
  }
});

// The clients students meet (tests/kit/personas.ts, docs/clients.md): only fast-agent
// declares sampling.tools; VS Code and goose sample without it.
test("sends VS Code one plain request, without tools: it declares sampling but not sampling.tools", async () => {
  await demandPlainRequest({ persona: "vscode" }, "VS Code");
});

test("sends goose one plain request, without tools: it approves every request but declares no sampling.tools", async () => {
  await demandPlainRequest({ persona: "auto-approve" }, "goose");
});

test("runs the lookup loop with fast-agent, which declares sampling.tools and asks nobody", async () => {
  await demandLookupRound({ persona: "auto-approve", sampling: { tools: true } });
});
