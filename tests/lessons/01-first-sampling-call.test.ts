import { test } from "vitest";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { replies } from "../kit/replies.js";
import type { MockOptions } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("01-first-sampling-call");
const file = lesson.display("server.ts");
const TEXT = "Bees communicate the distance to flowers through a waggle dance; longer waggles mean farther food.";

async function summarize(options: MockOptions = {}) {
  const mock = await startLessonServer(lesson, options);
  const outcome = await mock.callTool("summarize", { text_to_summarize: TEXT });
  return { mock, outcome, request: mock.requests[0] };
}

test("registers the summarize tool with a text_to_summarize argument", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "summarize", ["text_to_summarize"]);
});

test("sends exactly one sampling request per call", async () => {
  const { mock, outcome } = await summarize();
  demandSampled(mock, outcome, { tool: "summarize", file, count: 1 });
});

test("puts the text to summarize in one user message", async () => {
  const { request } = await summarize();
  const messages = request?.params.messages ?? [];
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
  const { request } = await summarize();
  const systemPrompt = request?.params.systemPrompt;
  demand(typeof systemPrompt === "string" && systemPrompt.trim() !== "", {
    problem: "summarize sent no systemPrompt",
    expected: "a non-empty systemPrompt saying what role the model plays and what to do",
    received: systemPrompt,
    fix: 'add systemPrompt: "You are ..." to the createMessage params',
    file,
  });
});

test("asks for at most 1000 tokens", async () => {
  const { request } = await summarize();
  demand(request?.params.maxTokens === 1000, {
    problem: "summarize asked for the wrong maxTokens",
    expected: "maxTokens: 1000",
    received: request?.params.maxTokens,
    file,
  });
});

test("returns the model's text as the tool's result", async () => {
  const answer = "Bees dance to share where food is.";
  const { outcome } = await summarize({ replies: replies.text(answer) });
  demand(!outcome.isError && outcome.text.includes(answer), {
    problem: "summarize did not return the model's text",
    expected: `a text result containing ${JSON.stringify(answer)} (read it from result.content.text)`,
    received: outcome.result,
    file,
  });
});

test("reports a non-text answer as an error, not an empty success", async () => {
  const { mock, outcome } = await summarize({ replies: replies.image() });
  demandSampled(mock, outcome, { tool: "summarize", file });
  demand(outcome.isError && outcome.text.trim() !== "", {
    problem: "when the model answers with an image, summarize must return isError: true with a message",
    expected: "{ isError: true, content: [{ type: \"text\", text: \"...why...\" }] }",
    received: outcome.result,
    fix: 'check result.content.type === "text" before reading result.content.text',
    file,
  });
});
