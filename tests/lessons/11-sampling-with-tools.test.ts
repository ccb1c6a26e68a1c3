import { test } from "vitest";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand, show } from "../kit/mistake.js";
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

/** The model asks for lookup once per id, in one turn. */
function asksForLookup(calls: Array<{ id: string; query: string }>): Responder {
  return ({ params }) => ({
    model: MOCK_MODEL,
    role: "assistant",
    stopReason: "toolUse",
    content: calls.map(({ id, query }) => ({ type: "tool_use", id, name: "lookup", input: { [lookupArgument(params)]: query } })),
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

/** The tool_result blocks of a request's last message, which must hold nothing else. */
function toolResultsOf(params: SamplingParams) {
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
  const { tools, messages } = mock.requests[0]!.params;
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
  const asked = messages.flatMap(blocksOf).some((block) => block.type === "text" && block.text.includes(QUESTION));
  demand(asked, {
    problem: "the sampling request does not contain the question",
    expected: "a user message whose text includes question",
    received: messages,
    file,
  });
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
  demandAnswered(outcome, FINAL);
}

test("sends one plain request, without tools, to a client without sampling.tools", async () => {
  await demandPlainRequest({});
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
  demandAnswered(outcome, FINAL);
}

test("runs lookup and sends its result back with the matching id", async () => {
  await demandLookupRound(WITH_TOOLS);
});

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
  const ids = toolResultsOf(mock.requests[1]!.params).map((result) => result.toolUseId).sort();
  demand(show(ids) === show(["call_fees", "call_hours"]), {
    problem: "answer_with_lookup did not answer every tool_use of the turn",
    expected: 'one tool_result for each tool_use: toolUseId "call_fees" and "call_hours"',
    received: ids,
    fix: "map over every tool_use block of the answer, not just the first",
    file,
  });
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
  demand(outcome.text.trim() !== "", {
    problem: "after the last allowed request, answer_with_lookup returned no explanation",
    expected: 'a text result (isError: true is fine) that says the model kept asking for lookups',
    received: outcome.result,
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
