import { test } from "vitest";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { replies } from "../kit/replies.js";
import { requestText, saysNotText } from "../kit/request-basics.js";
import type { MockOptions } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("02-analyze-code");
const file = lesson.display("server.ts");
const CODE = "def load(path):\n    return eval(open(path).read())";
// A model name no solution could guess: the tool must report what the client used.
const CLIENT_MODEL = "client-chosen-model-7f3a";

async function analyze(options: MockOptions = {}) {
  const mock = await startLessonServer(lesson, options);
  const outcome = await mock.callTool("analyze_code", { code_snippet: CODE });
  return { mock, outcome };
}

async function analyzedRequest() {
  const { mock, outcome } = await analyze();
  demandSampled(mock, outcome, { tool: "analyze_code", file, count: 1 });
  return mock.requests[0]!.params;
}

test("registers the analyze_code tool with a code_snippet argument", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "analyze_code", ["code_snippet"]);
});

test("sends one sampling request that contains the code", async () => {
  const params = await analyzedRequest();
  demand(requestText(params).includes(CODE), {
    problem: "the sampling request does not contain the code snippet",
    expected: "a user message whose text includes code_snippet",
    received: params.messages,
    file,
  });
  demand(params.messages.length === 1 && params.messages[0]!.role === "user", {
    problem: `the sampling request has ${params.messages.length} messages: the review needs one user message`,
    expected: "messages: [{ role: \"user\", content: { type: \"text\", text: <the code> } }]; instructions go in systemPrompt",
    received: params.messages.map((m) => m.role),
    fix: "put the role and checklist in systemPrompt, the code in the one user message; never write the model's turns for it",
    file,
  });
});

test("uses a code-reviewer system prompt covering bugs, security and performance", async () => {
  const { systemPrompt } = await analyzedRequest();
  const missing = [
    ["bugs", /bug|defect|error|mistake|incorrect|wrong/i],
    ["security", /secur|vulnerab|exploit|attack|injection|unsafe/i],
    ["performance", /perform|efficien|speed|slow|fast|latenc|complexity|optimi/i],
  ].flatMap(([topic, pattern]) => ((pattern as RegExp).test(systemPrompt ?? "") ? [] : [topic as string]));
  demand(typeof systemPrompt === "string" && missing.length === 0, {
    problem:
      typeof systemPrompt === "string"
        ? `the system prompt does not ask about ${missing.join(" or ")}`
        : "analyze_code sent no systemPrompt",
    expected: "a code-reviewer systemPrompt that asks for bugs, security issues and performance problems",
    received: systemPrompt,
    file,
  });
  demand(/review|audit/i.test(systemPrompt!), {
    problem: "the system prompt does not make the model a code reviewer",
    expected: 'a role first, e.g. "You are an experienced code reviewer.", then the checklist',
    received: systemPrompt,
    fix: "every model the client may pick reads the same prompt: give it the reviewer's role, not only the checklist",
    file,
  });
});

test("asks for at most 2000 tokens", async () => {
  const { maxTokens } = await analyzedRequest();
  demand(maxTokens === 2000, {
    problem: "analyze_code asked for the wrong maxTokens",
    expected: "maxTokens: 2000",
    received: maxTokens,
    file,
  });
});

test("states model preferences: a hint and an intelligence priority", async () => {
  const { modelPreferences } = await analyzedRequest();
  const hints = modelPreferences?.hints ?? [];
  demand(hints.some((hint) => typeof hint.name === "string" && hint.name.trim() !== ""), {
    problem: "modelPreferences has no model hint",
    expected: 'modelPreferences: { hints: [{ name: "claude-sonnet" }], ... }',
    received: modelPreferences,
    fix: "hints are substrings of model names the client may match; name at least one",
    file,
  });
  const priority = modelPreferences?.intelligencePriority;
  demand(typeof priority === "number" && priority >= 0 && priority <= 1, {
    problem: "modelPreferences.intelligencePriority is not set",
    expected: "a number from 0 to 1 (code review needs a capable model: a high value)",
    received: priority,
    file,
  });
});

test("declares an outputSchema with analysis and model", async () => {
  const mock = await startLessonServer(lesson);
  const { tools } = await mock.client.listTools();
  const properties = (tools.find((t) => t.name === "analyze_code")?.outputSchema?.properties ?? {}) as Record<string, unknown>;
  demand("analysis" in properties && "model" in properties, {
    problem: "analyze_code declares no outputSchema with analysis and model",
    expected: "outputSchema: { analysis: z.string(), model: z.string() } in registerTool's config",
    received: Object.keys(properties),
    file,
  });
});

test("returns the analysis and the model the client actually used", async () => {
  const review = "Line 2 calls eval on file contents: arbitrary code execution.";
  const { outcome } = await analyze({ replies: replies.text(review, { model: CLIENT_MODEL }) });
  const structured = outcome.structured;
  demand(!outcome.isError && structured && typeof structured.analysis === "string", {
    problem: "analyze_code returned no structuredContent",
    expected: `structuredContent: { analysis: "...", model: "${CLIENT_MODEL}" }`,
    received: outcome.result,
    file,
  });
  demand(structured.analysis.trim() === review, {
    problem: "structuredContent.analysis is not the model's text",
    expected: `${JSON.stringify(review)}: result.content.text itself, not the content block or a text built around it`,
    received: structured.analysis,
    file,
  });
  demand(structured.model === CLIENT_MODEL, {
    problem: "structuredContent.model is not the model the client used (is it hard-coded?)",
    expected: `"${CLIENT_MODEL}", read from result.model`,
    received: structured.model,
    fix: "the client picks the model; only result.model tells you which one it was",
    file,
  });
});

test("reports a failed sampling request as an error result", async () => {
  const { mock, outcome } = await analyze({ replies: replies.fail("provider overloaded") });
  demandSampled(mock, outcome, { tool: "analyze_code", file });
  demand(outcome.isError && outcome.text.trim() !== "", {
    problem: "when sampling fails, analyze_code must return isError: true with a message",
    expected: "{ isError: true, content: [{ type: \"text\", text: \"...\" }] }",
    received: outcome.result,
    file,
  });
});

test("reports a non-text answer as an error, not an analysis", async () => {
  const { mock, outcome } = await analyze({ replies: replies.image({ model: CLIENT_MODEL }) });
  demandSampled(mock, outcome, { tool: "analyze_code", file });
  demand(outcome.isError && saysNotText(outcome.text), {
    problem: outcome.isError
      ? "when the model answers with an image, analyze_code's error must say the answer was not text"
      : "when the model answers with an image, analyze_code must return isError: true with a message, not an analysis",
    expected: '{ isError: true, content: [{ type: "text", text: "the model answered with image content, not text" }] }',
    received: outcome.result,
    fix: 'check result.content.type === "text" before reading result.content.text (TODO 3: non-text content is an error result)',
    file,
  });
});
