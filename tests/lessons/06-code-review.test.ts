import { test } from "vitest";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { demandPromptAndBudget, requestText } from "../kit/request-basics.js";
import { replies, type Responder } from "../kit/replies.js";
import type { MockOptions, MockSamplingClient, ToolOutcome } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("06-code-review");
const file = lesson.display("server.ts");

// Python without a final line break: 8 lines (2 blank), 2 functions; `defaults` is not a def.
const PYTHON = [
  "import pickle",
  "",
  "def load(path):",
  '    defaults = {"mode": "rb"}',
  "    return pickle.loads(open(path, defaults['mode']).read())",
  "",
  "async def fetch_all(urls):",
  "    return [await get(u) for u in urls]",
].join("\n");

// TypeScript with a final line break: 7 lines, 4 functions (2 `function`, 2 `=>`); `functional` is not one.
const TYPESCRIPT = [
  "export function parse(text: string) {",
  "  const functional = true;",
  '  return text.split(",").map((part) => part.trim());',
  "}",
  "",
  "const double = (x: number) => x * 2;",
  "setTimeout(function () {}, 10);",
  "",
].join("\n");

const SECURITY_REVIEW = "Security: line 5 unpickles file contents, which runs arbitrary code.";
const PERFORMANCE_REVIEW = "Performance: fetch_all awaits each URL in turn; gather them instead.";
// Well under a second of real time: a concurrent solution never waits it out.
const CONCURRENCY_WINDOW_MS = 100;

type Topic = "security" | "performance";
const TOPIC_WORDS: Record<Topic, RegExp> = {
  security: /secur|vulnerab|exploit|attack|injection|unsafe|threat/i,
  performance: /perform|efficien|speed|slow|latenc|complexity|optimi|bottleneck/i,
};

/** Which review a system prompt asks for: the topic it names first. */
function topicOf(systemPrompt: string | undefined): Topic | undefined {
  const found = (Object.keys(TOPIC_WORDS) as Topic[])
    .map((topic) => ({ topic, at: systemPrompt?.search(TOPIC_WORDS[topic]) ?? -1 }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at);
  return found[0]?.topic;
}

/** Answers each request by the topic of its system prompt, never by the order it arrived in. */
function byTopic(answers: Record<Topic, Responder>, otherwise: Responder = replies.text("Mock review.")): Responder {
  return (request, context) => {
    const topic = topicOf(request.params.systemPrompt);
    return (topic ? answers[topic] : otherwise)(request, context);
  };
}

const bothReviews = byTopic({ security: replies.text(SECURITY_REVIEW), performance: replies.text(PERFORMANCE_REVIEW) });

async function review(code: string, options: MockOptions = {}): Promise<{ mock: MockSamplingClient; outcome: ToolOutcome }> {
  const mock = await startLessonServer(lesson, options);
  const outcome = await mock.callTool("review_code", { code });
  return { mock, outcome };
}

/** The structuredContent of a review, or a Mistake naming what came back instead. */
function demandReport(outcome: ToolOutcome, situation: string): Record<string, unknown> {
  const structured = outcome.structured;
  demand(structured && typeof structured.stats === "object" && structured.stats !== null, {
    problem: `review_code returned no stats in structuredContent ${situation}`,
    expected: "structuredContent: { stats: { lines, functions }, security, performance, errors }",
    received: structured ?? (outcome.text || outcome.result),
    file,
  });
  return structured;
}

function demandStats(outcome: ToolOutcome, expected: { lines: number; functions: number }, sample: string): void {
  const stats = demandReport(outcome, `for ${sample}`).stats as Record<string, unknown>;
  demand(stats.lines === expected.lines, {
    problem: `stats.lines is wrong for ${sample}`,
    expected: `${expected.lines}: one per line break, plus one for a last line without one; blank lines count`,
    received: stats.lines,
    file,
  });
  demand(stats.functions === expected.functions, {
    problem: `stats.functions is wrong for ${sample}`,
    expected: `${expected.functions}: one per \`def name(\`, per whole word \`function\`, per \`=>\``,
    received: stats.functions,
    file,
  });
}

test("registers the review_code tool with a code argument", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "review_code", ["code"]);
});

test("computes the stats (lines and functions) without the model", async () => {
  const python = await review(PYTHON);
  demandStats(python.outcome, { lines: 8, functions: 2 }, "a Python sample with no final line break");
  const typescript = await review(TYPESCRIPT);
  demandStats(typescript.outcome, { lines: 7, functions: 4 }, "a TypeScript sample ending with a line break");
});

test("sends two sampling requests per review, each with the code", async () => {
  const { mock, outcome } = await review(PYTHON);
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  const without = mock.requests.filter((r) => !requestText(r.params).includes(PYTHON));
  demand(without.length === 0, {
    problem: "a sampling request does not contain the code to review",
    expected: "each request's user message includes the code argument",
    received: without.map((r) => r.params.messages),
    file,
  });
});

test("gives the security and the performance request their own system prompts", async () => {
  const { mock, outcome } = await review(PYTHON);
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  const prompts = mock.requests.map((r) => r.params.systemPrompt);
  demand(prompts.every((p) => typeof p === "string" && p.trim() !== ""), {
    problem: "a review request has no systemPrompt",
    expected: "a systemPrompt on both requests: one for a security reviewer, one for a performance reviewer",
    received: prompts,
    file,
  });
  demand(prompts[0] !== prompts[1], {
    problem: "review_code sent the same system prompt to both requests",
    expected: "two different system prompts: one asks for security problems, the other for performance problems",
    received: prompts,
    fix: "the system prompt is what makes each request a different review: write one per reviewer",
    file,
  });
  const topics = prompts.map(topicOf).sort();
  demand(topics[0] === "performance" && topics[1] === "security", {
    problem: "the tests cannot tell which request is the security review and which the performance review",
    expected: "one system prompt that is about security (vulnerabilities, attacks...) and one about performance (speed, efficiency...)",
    received: prompts,
    fix: "name each prompt's topic first: the security prompt mentions security before anything else",
    file,
  });
});

test("gives each request a maxTokens budget that fits a review", async () => {
  const { mock, outcome } = await review(PYTHON);
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  demandPromptAndBudget(mock.requests, {
    tool: "review_code",
    file,
    budget: { min: 100, max: 4000, suggested: "500 to 1500 fits a review of a file" },
  });
});

test("sends both requests at the same time, not one after the other", async () => {
  const held = replies.whenConcurrent(2, CONCURRENCY_WINDOW_MS, bothReviews);
  const { mock, outcome } = await review(PYTHON, { replies: held });
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  const [first, second] = mock.requests;
  demand(held.met.length === 2 && held.met.every(Boolean) && mock.peakConcurrency >= 2, {
    problem: "review_code ran the two sampling calls one after the other",
    expected: "both requests in flight at once: start both, then await Promise.all or Promise.allSettled",
    received:
      second!.arrivedAt >= (first!.settledAt ?? Infinity)
        ? "the second request was sent only after the first one was answered"
        : `at most ${mock.peakConcurrency} request in flight`,
    fix: "calling review(a) and review(b) without await, then awaiting Promise.allSettled([a, b]), runs them side by side",
    file,
  });
});

test("returns each review in its own field", async () => {
  const { outcome } = await review(PYTHON, { replies: bothReviews });
  const report = demandReport(outcome, "when both reviews succeed");
  demand(report.security === SECURITY_REVIEW && report.performance === PERFORMANCE_REVIEW, {
    problem: "security and performance do not hold the matching reviews",
    expected: `security: ${JSON.stringify(SECURITY_REVIEW)}, performance: ${JSON.stringify(PERFORMANCE_REVIEW)}`,
    received: { security: report.security, performance: report.performance },
    fix: "put each request's text in the field of the reviewer whose system prompt it used",
    file,
  });
  demand(Array.isArray(report.errors) && report.errors.length === 0, {
    problem: "errors should be an empty list when both reviews succeed",
    expected: "errors: []",
    received: report.errors,
    file,
  });
  demand(outcome.text.includes(SECURITY_REVIEW) && outcome.text.includes(PERFORMANCE_REVIEW), {
    problem: "review_code's content has no text block with the reviews",
    expected: 'content: [{ type: "text", text: JSON.stringify(structuredContent) }], for clients that read only content',
    received: outcome.result.content,
    file,
  });
});

test("still returns the performance review when the security request fails", async () => {
  const failing = byTopic({ security: replies.fail("security model overloaded"), performance: replies.text(PERFORMANCE_REVIEW) });
  const { mock, outcome } = await review(PYTHON, { replies: failing });
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  demandPartialReport(outcome, "security", "performance", PERFORMANCE_REVIEW);
  const errors = Array.isArray(outcome.structured?.errors) ? (outcome.structured.errors as unknown[]) : [];
  demand(errors.some((entry) => typeof entry === "string" && entry.includes("security model overloaded")), {
    problem: "the security entry of errors does not pass on what went wrong",
    expected: 'an entry such as "security: MCP error -32603: security model overloaded": the failure\'s own message',
    received: errors,
    fix: "security: ${error.message}",
    file,
  });
});

test("counts a non-text answer as a failed review", async () => {
  const imageForSecurity = byTopic({ security: replies.image(), performance: replies.text(PERFORMANCE_REVIEW) });
  const { mock, outcome } = await review(PYTHON, { replies: imageForSecurity });
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  demandPartialReport(outcome, "security", "performance", PERFORMANCE_REVIEW);
});

test("counts an empty file as 0 lines, and code without functions as 0 functions", async () => {
  const empty = await review("");
  demandStats(empty.outcome, { lines: 0, functions: 0 }, "an empty file");
  const plain = await review("total = 0\nfor x in range(3):\n    total += x\n");
  demandStats(plain.outcome, { lines: 3, functions: 0 }, "a Python loop without any function");
});

test("still returns the security review when the user rejects the performance request", async () => {
  const rejecting = byTopic({ security: replies.text(SECURITY_REVIEW), performance: replies.reject() });
  const { mock, outcome } = await review(PYTHON, { replies: rejecting });
  demandSampled(mock, outcome, { tool: "review_code", file, count: 2 });
  demandPartialReport(outcome, "performance", "security", SECURITY_REVIEW);
});

test("when both requests fail, still returns the stats and names both failures", async () => {
  const { outcome } = await review(PYTHON, { replies: replies.fail("no model available") });
  demandStats(outcome, { lines: 8, functions: 2 }, "the Python sample when every sampling request fails");
  const report = outcome.structured!;
  const errors = Array.isArray(report.errors) ? (report.errors as unknown[]) : [];
  demand(report.security === null && report.performance === null && namesFailure(errors, "security") && namesFailure(errors, "performance"), {
    problem: "when both requests fail, security and performance must be null and errors must name both failures",
    expected: 'security: null, performance: null, errors: ["security: ...", "performance: ..."]',
    received: { security: report.security, performance: report.performance, errors: report.errors },
    file,
  });
});

function demandPartialReport(outcome: ToolOutcome, failed: Topic, succeeded: Topic, review: string): void {
  demand(!outcome.isError && outcome.structured, {
    problem: `one failed sampling request failed the whole review: the ${succeeded} review was lost`,
    expected: `a normal result with structuredContent: ${succeeded} holds its review, ${failed} is null, errors names the failure`,
    received: outcome.text || outcome.result,
    fix: "Promise.all rejects as soon as one request fails; Promise.allSettled reports each outcome",
    file,
  });
  const report = outcome.structured;
  demand(report[succeeded] === review, {
    problem: `the ${succeeded} review is missing after the ${failed} request failed`,
    expected: JSON.stringify(review),
    received: report[succeeded],
    file,
  });
  const errors = Array.isArray(report.errors) ? (report.errors as unknown[]) : [];
  demand(report[failed] === null && namesFailure(errors, failed) && !namesFailure(errors, succeeded), {
    problem: `the failed ${failed} request is not reported: ${failed} must be null and errors must name it`,
    expected: `${failed}: null, errors: ["${failed}: <what went wrong>"]`,
    received: { [failed]: report[failed], errors: report.errors },
    file,
  });
}

/** An errors entry that starts with `topic:` and says something after it. */
function namesFailure(errors: unknown[], topic: Topic): boolean {
  return errors.some((entry) => typeof entry === "string" && new RegExp(`^${topic}:\\s*\\S`).test(entry));
}

