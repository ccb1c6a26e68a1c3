import { afterEach, test, vi } from "vitest";
import { CallToolResultSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { harnessClock, settleOnFakeTime } from "../kit/fake-time.js";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { replies, type Responder } from "../kit/replies.js";
import { demandPromptAndBudget, requestText, saysNotText } from "../kit/request-basics.js";
import type { CallOptions, MockOptions, MockSamplingClient, ToolOutcome } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("10-progress-and-cache");
const file = lesson.display("server.ts");

// A long text (about 8,800 characters in 11 paragraphs) in which every sentence carries a
// unique station id ("3-5"), so a test can tell which parts reached the model. Topic names
// of different lengths keep every chunk's length different too.
const TOPICS = ["bay", "reef", "marsh", "meadow", "glacier", "foothill", "peninsula", "escarpment", "archipelago", "wetland", "violet"];
const READINGS = ["steady", "rising", "falling", "erratic", "seasonal", "unusual", "modest", "extreme"];

function paragraph(topic: string, p: number): string {
  return READINGS.map(
    (reading, s) => `In the ${topic} survey, station ${p}-${s} recorded ${reading} readings that the team logged for later review.`,
  ).join(" ");
}

function longText(topics: string[]): string {
  return topics.map((topic, p) => paragraph(topic, p)).join("\n\n");
}

const TEXT = longText(TOPICS);
// Same length and same start as TEXT; only the last paragraph's topic differs.
const OTHER_TEXT = longText([...TOPICS.slice(0, -1), "walnut"]);
const STATION_IDS = TOPICS.flatMap((_, p) => READINGS.map((_, s) => `station ${p}-${s} `));

const numberedReplies = replies.text((_params, index) => `Summary number ${index}.`);

afterEach(() => {
  vi.useRealTimers();
});

async function summarize(mock: MockSamplingClient, text = TEXT, options: CallOptions = {}) {
  const before = mock.requests.length;
  const outcome = await mock.callTool("summarize_long", { text }, options);
  return { outcome, sent: mock.requests.length - before };
}

/** A first call on a fresh server must sample; anything else is a cache that outlived its server. */
async function summarizeFresh(options: MockOptions = {}, callOptions: CallOptions = {}) {
  const mock = await startLessonServer(lesson, { replies: numberedReplies, ...options });
  const { outcome, sent } = await summarize(mock, TEXT, callOptions);
  demand(sent > 0 || !(Number(outcome.structured?.cached_chunks) > 0), {
    problem: "a brand-new server answered from a cache: the cache outlives the server that filled it",
    expected: "sampling requests from a fresh server (its cache starts empty)",
    received: outcome.structured ?? outcome.text,
    fix: "create the cache inside createServer(), not at the top of the module",
    file,
  });
  demand(sent > 0, {
    problem: "summarize_long sent no sampling request",
    expected: "one sampling/createMessage request per chunk",
    received: `the tool answered: ${outcome.text}`,
    file,
  });
  return { mock, outcome };
}

function demandStructured(outcome: ToolOutcome): { summary: string; chunks: number; cached_chunks: number } {
  const s = outcome.structured;
  demand(
    !outcome.isError && typeof s?.summary === "string" && Number.isInteger(s.chunks) && Number.isInteger(s.cached_chunks),
    {
      problem: "summarize_long did not return structuredContent { summary, chunks, cached_chunks }",
      expected: "structuredContent: { summary: string, chunks: number, cached_chunks: number }",
      received: outcome.result,
      file,
    },
  );
  return s as { summary: string; chunks: number; cached_chunks: number };
}

/** Records every progress notification that reaches the client, with or without a valid token. */
function watchProgress(mock: MockSamplingClient) {
  const seen: Array<{ params: unknown; answeredBefore: number }> = [];
  const transport = mock.client.transport!;
  const deliver = transport.onmessage!.bind(transport);
  transport.onmessage = ((message: JSONRPCMessage, extra?: unknown) => {
    if ("method" in message && message.method === "notifications/progress") {
      seen.push({ params: message.params, answeredBefore: mock.requests.filter((r) => r.outcome === "answered").length });
    }
    deliver(message, extra as never);
  }) as typeof transport.onmessage;
  return seen;
}

test("registers the summarize_long tool with a text argument", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "summarize_long", ["text"]);
});

test("splits a long text into chunks and samples each one", async () => {
  const { mock, outcome } = await summarizeFresh();
  const { chunks, cached_chunks, summary } = demandStructured(outcome);
  const sent = mock.requests.length;
  demand(chunks >= 2, {
    problem: `summarize_long treated a ${TEXT.length}-character text as ${chunks} chunk(s)`,
    expected: "several chunks (the lesson's chunker makes them about 2000 characters long)",
    received: chunks,
    file,
  });
  // More requests than the uncached chunks (plus a combining one) can explain: the count is wrong, not the key.
  const miscounted = cached_chunks !== 0 && sent > chunks - cached_chunks + 1;
  demand(cached_chunks === 0, {
    problem: miscounted
      ? `cached_chunks counts chunks that were sampled: the first call sent ${sent} requests for ${chunks} chunks, yet reported ${cached_chunks} cached`
      : "the first call on a new server already served chunks from the cache: different chunks share a cache key",
    expected: "cached_chunks: 0, since every chunk of this text is different",
    received: `cached_chunks: ${cached_chunks}`,
    fix: miscounted
      ? "add one to cached_chunks only when a chunk's answer came from the cache, never when it was sampled"
      : "key the cache on the full request params (JSON.stringify(params)), which differ whenever the chunk does",
    file,
  });
  demand(sent === chunks || sent === chunks + 1, {
    problem: `summarize_long reported ${chunks} chunks but sent ${sent} sampling requests`,
    expected: `one request per chunk (${chunks}), plus at most one request that combines their summaries`,
    received: mock.requests.map((r) => requestText(r.params).slice(0, 60)),
    file,
  });
  const whole = mock.requests.find((r) => STATION_IDS.every((id) => requestText(r.params).includes(id)));
  demand(!whole, {
    problem: "one sampling request carried the whole text: the chunks must split it",
    expected: "each chunk request holds only its own part of the text",
    received: `request ${whole?.index} is ${requestText(whole?.params).length} characters long`,
    file,
  });
  const lastReply = `Summary number ${sent - 1}.`;
  demand(summary.includes(lastReply), {
    problem: "the summary does not contain what the model answered",
    expected: `a summary built from the model's answers (the last one was ${JSON.stringify(lastReply)})`,
    received: summary,
    file,
  });
});

test("sends every part of the text to the model", async () => {
  const { mock } = await summarizeFresh();
  const sentText = mock.requests.map((r) => requestText(r.params)).join("\n");
  const missing = STATION_IDS.filter((id) => !sentText.includes(id));
  demand(missing.length === 0, {
    problem: `${missing.length} sentence(s) of the text never reached a sampling request`,
    expected: "every chunk sampled, and the chunks together covering the whole text",
    received: `missing the sentences with ${missing.slice(0, 5).map((id) => id.trim()).join(", ")}`,
    fix: "check the chunk loop and any chunker of your own: the last, partly filled chunk is the one usually lost",
    file,
  });
});

test("sends progress notifications that increase and end at the total", async () => {
  const { outcome } = await summarizeFresh({}, { progress: true });
  const { chunks } = demandStructured(outcome);
  const progress = outcome.progress;
  demand(progress.length >= chunks, {
    problem:
      progress.length === 0
        ? "summarize_long sent no progress notifications although the caller asked for them"
        : `summarize_long sent ${progress.length} progress notifications for ${chunks} chunks`,
    expected: "one notifications/progress per finished chunk, with the caller's extra._meta.progressToken",
    received: progress,
    file,
  });
  const stalls = progress.findIndex((p, i) => i > 0 && p.progress <= progress[i - 1]!.progress);
  demand(stalls === -1, {
    problem: "progress did not increase with every notification (the spec requires it to)",
    expected: "strictly increasing progress values, e.g. 1, 2, 3 ...",
    received: progress.map((p) => p.progress),
    file,
  });
  const incomplete = progress.find((p) => typeof p.total !== "number" || typeof p.message !== "string" || p.message.trim() === "");
  demand(!incomplete, {
    problem: "a progress notification is missing its total or its message",
    expected: '{ progressToken, progress, total: <number of chunks>, message: "a sentence for a person" }',
    received: incomplete,
    file,
  });
  const last = progress[progress.length - 1]!;
  demand(last.progress === last.total, {
    problem: "the last progress notification does not reach the total",
    expected: "progress equal to total when the work is done (count finished chunks: 1 ... n)",
    received: last,
    file,
  });
});

test("reports progress as chunks finish, not all at the end", async () => {
  // Each answer arrives 10 ms after the previous one, on fake timers: a server that
  // reports each finished chunk has sent its first notification before the last answer.
  const staggered: Responder = (request, context) =>
    replies.after(10 * (request.index + 1), numberedReplies)(request, context);
  const mock = await startLessonServer(lesson, { replies: staggered });
  const seen = watchProgress(mock);
  vi.useFakeTimers();
  // Fake time also runs the call's own timeout: give it far more than the answers need.
  const settled = await settleOnFakeTime(summarize(mock, TEXT, { progress: true, timeoutMs: 600_000 }), lesson.host(), harnessClock, 600_000);
  if (!settled || "error" in settled) throw settled?.error ?? new Error("summarize_long never answered");
  const { outcome, sent } = settled.value;
  demandStructured(outcome);
  demand(seen.length > 0, {
    problem: "summarize_long sent no progress notifications although the caller asked for them",
    expected: "one notifications/progress per finished chunk",
    received: seen,
    file,
  });
  demand(seen[0]!.answeredBefore < sent, {
    problem: "progress notifications were sent only after every chunk was finished",
    expected: "a notification as each chunk finishes, while the others are still being summarized",
    received: `the first notification came after all ${sent} sampling requests were answered`,
    file,
  });
  const reports = seen.map((s) => ({ ...(s.params as { progress?: number; total?: number }), answeredBefore: s.answeredBefore }));
  const finished = reports.find((p) => typeof p.total === "number" && typeof p.progress === "number" && p.progress >= p.total);
  demand(!finished || finished.answeredBefore >= sent, {
    problem: "progress reached its total before the last chunk was summarized: notifications were sent before the work they report",
    expected: `the notification with progress equal to total after all ${sent} answers`,
    received: `progress ${finished?.progress} of ${finished?.total} came when ${finished?.answeredBefore} of ${sent} requests were answered`,
    fix: "send each chunk's notification after its createMessage has returned, not before the request",
    file,
  });
});

test("sends no progress notifications when the caller gave no progress token", async () => {
  const mock = await startLessonServer(lesson, { replies: numberedReplies });
  const seen = watchProgress(mock);
  const { outcome } = await summarize(mock);
  demand(!outcome.isError, {
    problem: "summarize_long failed when the caller gave no progress token",
    expected: "a normal result: without a token, just skip the notifications",
    received: outcome.result,
    fix: "extra._meta?.progressToken is undefined when the caller did not ask for progress",
    file,
  });
  demand(seen.length === 0, {
    problem: "summarize_long sent progress notifications without a progress token from the caller",
    expected: "no notifications/progress unless extra._meta?.progressToken is set",
    received: seen.map((s) => s.params),
    file,
  });
});

test("sends progress to a caller whose progress token is 0", async () => {
  // 0 is a valid token (JSON-RPC ids start at 0 in many clients): only a missing token means "no progress".
  const mock = await startLessonServer(lesson, { replies: numberedReplies });
  const seen = watchProgress(mock);
  const result = await mock.client.request(
    { method: "tools/call", params: { name: "summarize_long", arguments: { text: TEXT }, _meta: { progressToken: 0 } } },
    CallToolResultSchema,
  );
  const tokens = seen.map((s) => (s.params as { progressToken?: unknown }).progressToken);
  demand(seen.length > 0 && tokens.every((token) => token === 0), {
    problem:
      seen.length === 0
        ? "summarize_long sent no progress notifications to a caller whose progress token is 0"
        : "summarize_long's progress notifications do not carry the caller's token 0",
    expected: "notifications/progress with progressToken: 0 (the token is there: check it against undefined, not for truthiness)",
    received: seen.length === 0 ? `no notifications; the tool answered ${JSON.stringify(result.structuredContent ?? result.content)}` : tokens,
    fix: "if (progressToken !== undefined) rather than if (progressToken): 0 is falsy but it is a token",
    file,
  });
});

test("answers an identical second call from the cache", async () => {
  const { mock, outcome } = await summarizeFresh();
  const first = demandStructured(outcome);
  const again = await summarize(mock);
  const second = demandStructured(again.outcome);
  demand(again.sent === 0, {
    problem: `an identical second call sent ${again.sent} new sampling request(s)`,
    expected: "zero: every request was asked before on this server, so its answer comes from the cache",
    received: mock.requests.slice(-again.sent).map((r) => requestText(r.params).slice(0, 60)),
    fix: "look the params up in the cache before calling createMessage, and store each text answer",
    file,
  });
  demand(second.chunks === first.chunks && second.cached_chunks === second.chunks, {
    problem: "the second call did not report its chunks as cached",
    expected: `chunks: ${first.chunks}, cached_chunks: ${first.chunks}`,
    received: { chunks: second.chunks, cached_chunks: second.cached_chunks },
    file,
  });
  demand(second.summary === first.summary, {
    problem: "the cached answer gave a different summary",
    expected: JSON.stringify(first.summary.slice(0, 80)),
    received: second.summary,
    file,
  });
});

test("does not serve a different text from the cache", async () => {
  const { mock } = await summarizeFresh();
  const { outcome, sent } = await summarize(mock, OTHER_TEXT);
  const result = demandStructured(outcome);
  const asked = mock.requests.slice(mock.requests.length - sent).map((r) => requestText(r.params)).join("\n");
  demand(sent > 0 && asked.includes("walnut"), {
    problem: "a different text was served from the cache",
    expected: "new sampling requests for the chunks that changed (the last paragraph)",
    received: `${sent} new request(s)`,
    fix: "key the cache on the full request params (JSON.stringify(params)), not on the length, an index or a prefix",
    file,
  });
  demand(result.cached_chunks < result.chunks, {
    problem: "cached_chunks counts chunks that were sampled again",
    expected: `fewer than ${result.chunks} cached chunks: the changed part was not in the cache`,
    received: result.cached_chunks,
    file,
  });
});

test("starts every new server with an empty cache", async () => {
  await summarizeFresh();
  const other = await startLessonServer(lesson, { replies: numberedReplies });
  const { outcome, sent } = await summarize(other);
  demand(sent > 0, {
    problem: "a brand-new server answered from a cache: the cache outlives the server that filled it",
    expected: "sampling requests from a fresh server (its cache starts empty)",
    received: outcome.structured ?? outcome.text,
    fix: "create the cache inside createServer(), not at the top of the module",
    file,
  });
});

test("every request has a system prompt and a maxTokens budget, and the summary is in content", async () => {
  const { mock, outcome } = await summarizeFresh();
  const { summary } = demandStructured(outcome);
  demandPromptAndBudget(mock.requests, {
    tool: "summarize_long",
    file,
    budget: { min: 100, max: 4000, suggested: "a few hundred tokens for a chunk's summary" },
  });
  demand(outcome.text.includes(summary), {
    problem: "summarize_long's content has no text block with the summary",
    expected: 'content: [{ type: "text", text: summary }] beside structuredContent, for clients that read only content',
    received: outcome.result.content,
    file,
  });
});

test("an empty text gets a readable answer", async () => {
  const mock = await startLessonServer(lesson, { replies: numberedReplies });
  const { outcome } = await summarize(mock, "");
  const s = outcome.structured;
  const noChunks = !outcome.isError && typeof s?.summary === "string" && s.chunks === 0;
  demand((outcome.isError && outcome.text.trim() !== "") || noChunks, {
    problem: "summarize_long's answer to an empty text is neither an error that says why nor a result with chunks: 0",
    expected: 'an error result with a message ("There is no text to summarize"), or structuredContent with chunks: 0',
    received: outcome.result,
    file,
  });
});

test("a non-text answer fails the call and is not cached; the retry samples only the rest", async () => {
  const FAILS_AT = 2;
  const script = [numberedReplies, numberedReplies, replies.image(), numberedReplies];
  const mock = await startLessonServer(lesson, { replies: script });
  const first = await summarize(mock);
  const answered = mock.requests.slice(0, FAILS_AT).map((r) => requestText(r.params));
  const failed = mock.requests[FAILS_AT] ? requestText(mock.requests[FAILS_AT].params) : undefined;
  demand(failed !== undefined && first.outcome.isError && saysNotText(first.outcome.text), {
    problem: "summarize_long treated the model's non-text answer as a summary",
    expected: "an error result: a non-text answer is a failure, not an answer (and it is not cached)",
    received: failed === undefined ? `${first.sent} request(s)` : first.outcome.result,
    fix: 'check result.content.type === "text"; throw (or return an error) otherwise, and cache only text',
    file,
  });
  const retry = await summarize(mock);
  const asked = mock.requests.slice(mock.requests.length - retry.sent).map((r) => requestText(r.params));
  demand(asked.includes(failed), {
    problem: "the retry did not ask again for the chunk whose answer was not text: a non-text answer was cached",
    expected: "a new request for that chunk: only text answers are stored",
    received: `${retry.sent} new request(s)`,
    file,
  });
  const askedAgain = answered.filter((text) => asked.includes(text)).length;
  demand(askedAgain === 0, {
    problem: `the retry asked again for ${askedAgain} chunk(s) the failed call had already summarized`,
    expected: "the chunks answered before the failure come from the cache; only the rest is sampled",
    received: `${retry.sent} new request(s) for ${retry.outcome.structured?.chunks ?? "?"} chunks`,
    fix: "store each chunk's text answer as soon as it arrives, not after the whole call succeeds",
    file,
  });
});

