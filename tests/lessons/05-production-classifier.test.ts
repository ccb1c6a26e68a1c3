import { afterEach, test } from "vitest";
import { HostClock, settleOnFakeTime } from "../kit/fake-time.js";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { demandPromptAndBudget, requestText } from "../kit/request-basics.js";
import { replies, type Responder } from "../kit/replies.js";
import { samplingTimeline } from "../kit/sampling-timeline.js";
import type { MockOptions, MockSamplingClient, ToolOutcome } from "../kit/mock-sampling-client.js";
import { PERSONAS, type PersonaName } from "../kit/personas.js";

const lesson = lessonUnderTest("05-production-classifier");
const file = lesson.display("server.ts");
const LABELS = ["invoice", "contract", "resume", "research_paper", "other"];
const DOCUMENT = "INVOICE #4471\nBill to: Northwind Traders\n3 x consulting day @ 950.00\nTotal due: EUR 2,850.00 by 2026-12-01";
const SDK_DEFAULT_TIMEOUT_MS = 60_000;
/** What the caller of classify_document waits by default (an SDK client's request timeout). */
const CALLER_BUDGET_MS = 60_000;
/** The wait before the first retry: about a second (README, "Growing backoff"). */
const FIRST_BACKOFF_MS = { min: 500, max: 2_000 };

// Every call runs on the lesson's fake clock: a solution that waits (its timeout,
// a real setTimeout backoff) is moved along by advancing the clock, never by waiting.
let clock: HostClock | undefined;
afterEach(async () => {
  await clock?.uninstall();
  clock = undefined;
});

const answer = (label: string, confidence: number) => replies.text(JSON.stringify({ label, confidence }));
const PROSE = replies.text("Looking at the totals and the due date, this is most likely an invoice.");

interface Sleep {
  ms: number;
  /** Sampling requests sent before this sleep began. */
  afterRequests: number;
}

interface Run {
  mock: MockSamplingClient;
  outcome: ToolOutcome;
  sleeps: Sleep[];
  /** Fake time from the call to its answer. */
  tookMs: number;
}

// After this many sleeps the fake sleep stops resolving: a retry loop with no end
// then stalls (and is named) instead of spinning forever.
const SLEEPS_BEFORE_STALL = 20;
const FAKE_TIME_LIMIT_MS = 10 * 60_000;

/** Calls classify_document once on the lesson's fake clock, with a recording sleep. */
async function classify(options: MockOptions = {}): Promise<Run> {
  const sleeps: Sleep[] = [];
  let mock: MockSamplingClient | undefined;
  const sleep = (ms: number): Promise<void> => {
    sleeps.push({ ms, afterRequests: mock?.requests.length ?? 0 });
    return sleeps.length > SLEEPS_BEFORE_STALL ? new Promise<void>(() => {}) : Promise.resolve();
  };
  mock = await startLessonServer(lesson, { ...options, deps: { sleep } });
  clock = new HostClock(lesson.host());
  await clock.install(["setTimeout", "clearTimeout"]);
  const start = clock.now();
  const call = mock.callTool("classify_document", { content: DOCUMENT }, { timeoutMs: FAKE_TIME_LIMIT_MS + 60_000 });
  const settled = await settleOnFakeTime(call, lesson.host(), clock, FAKE_TIME_LIMIT_MS);
  if (!settled) {
    const requests = mock.requests.length;
    await mock.close();
    demand(false, {
      problem:
        requests > 3
          ? `unbounded retries: classify_document was still retrying after ${requests} sampling attempts; at most 3`
          : "classify_document never answered, even after 10 minutes of (fake) time",
      expected: "an answer after at most 3 attempts, each with a timeout",
      received: `${requests} sampling requests, no answer`,
      fix: "bound the loop with MAX_ATTEMPTS and pass { timeout } to every sampling request",
      file,
    });
  }
  if ("error" in settled) throw settled.error;
  return { mock, outcome: settled.value, sleeps, tookMs: clock.now() - start };
}

function structuredOf(run: Run): Record<string, unknown> {
  const { outcome } = run;
  demand(!outcome.isError && outcome.structured !== undefined, {
    problem: /Output validation error/.test(outcome.text)
      ? "classify_document returned structuredContent that does not match its outputSchema"
      : "classify_document returned no structuredContent",
    expected: "structuredContent: { label, confidence, attempts, fallback, reason? }",
    received: outcome.result,
    file,
  });
  return outcome.structured;
}

/** The tool returned the invalid reply as its answer (or tried to, and its outputSchema stopped it). */
function accepted(run: Run, isInvalid: (structured: Record<string, unknown>) => boolean): boolean {
  return (run.outcome.structured !== undefined && isInvalid(run.outcome.structured)) || /Output validation error/.test(run.outcome.text);
}

/** Which scripted reply each request got, for messages. */
function describeScript(names: string[], sent: number): string {
  return names.slice(0, Math.max(sent, 1)).map((name, i) => `attempt ${i + 1}: ${name}`).join(", ");
}

test("registers the classify_document tool with a content argument", async () => {
  const mock = await startLessonServer(lesson, { deps: { sleep: async () => {} } });
  await demandTool(mock, file, "classify_document", ["content"]);
});

test("declares an outputSchema with label, confidence, attempts and fallback", async () => {
  const mock = await startLessonServer(lesson, { deps: { sleep: async () => {} } });
  const { tools } = await mock.client.listTools();
  const properties = Object.keys(tools.find((t) => t.name === "classify_document")?.outputSchema?.properties ?? {});
  const missing = ["label", "confidence", "attempts", "fallback"].filter((key) => !properties.includes(key));
  demand(missing.length === 0, {
    problem: `classify_document's outputSchema lacks ${missing.join(", ")}`,
    expected: "outputSchema: { label, confidence, attempts, fallback, reason (optional) }",
    received: properties,
    file,
  });
});

test("asks for JSON with one of the five labels and a confidence", async () => {
  const run = await classify({ replies: answer("invoice", 0.92) });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const { params } = run.mock.requests[0]!;
  const { systemPrompt, messages } = params;
  const prompt = systemPrompt ?? "";
  // Each label a word of its own: "invoicecontractresume..." names none of them to a model.
  const missing = LABELS.filter((label) => !new RegExp(`\\b${label}\\b`).test(prompt));
  demand(missing.length === 0 && /json/i.test(prompt) && /confidence/i.test(prompt), {
    problem:
      systemPrompt === undefined
        ? "classify_document sent no systemPrompt"
        : missing.length > 0
          ? `the system prompt does not name the label${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, each as a word of its own`
          : "the system prompt does not ask for JSON with a label and a confidence",
    expected: `a systemPrompt naming ${LABELS.join(", ")} and asking for JSON {"label": ..., "confidence": 0..1}`,
    received: systemPrompt,
    file,
  });
  demand(requestText(params).includes(DOCUMENT), {
    problem: "the sampling request does not contain the document",
    expected: "a user message whose text includes content",
    received: messages,
    file,
  });
});

test("asks for a small maxTokens: one JSON object needs a few dozen tokens", async () => {
  const run = await classify({ replies: answer("contract", 0.8) });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  demandPromptAndBudget(run.mock.requests, {
    tool: "classify_document",
    file,
    budget: { min: 30, max: 1000, suggested: "a reply of one small JSON object: 200 leaves room" },
  });
});

test("returns a valid answer as { label, confidence, attempts: 1, fallback: false }", async () => {
  const run = await classify({ replies: answer("invoice", 0.92) });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file, count: 1 });
  const structured = structuredOf(run);
  demand(structured.label === "invoice" && structured.confidence === 0.92 && structured.attempts === 1 && structured.fallback === false, {
    problem: "classify_document did not return the model's classification",
    expected: '{ label: "invoice", confidence: 0.92, attempts: 1, fallback: false }',
    received: structured,
    file,
  });
});

test("gives every attempt its own timeout, so three attempts fit in the caller's 60 s", async () => {
  const run = await classify({ replies: replies.never() });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const attempts = samplingTimeline(run.mock.wire);
  const waited = attempts.map((a) => (a.cancelledAt === undefined ? undefined : a.cancelledAt - a.sentAt));
  demand(waited.every((ms) => ms !== undefined && ms < SDK_DEFAULT_TIMEOUT_MS), {
    problem: waited.every((ms) => ms === undefined || ms >= SDK_DEFAULT_TIMEOUT_MS)
      ? "classify_document sends its sampling requests without a per-attempt timeout (the SDK's 60 s default applied)"
      : "one of classify_document's attempts has no timeout shorter than the SDK's 60 s default",
    expected: "createMessage(params, { timeout: 15_000 }) (or sendRequest(..., { timeout })): a few seconds per attempt, so three fit in the caller's 60 s",
    received: `attempts that never answered were given up after ${waited.map((ms) => (ms === undefined ? "never" : `${ms / 1000} s`)).join(", ")}`,
    fix: "the timeout goes in the second argument (the request options), not in the params",
    file,
  });
  // The recording sleep returns at once, so the backoff is added to the fake time the attempts took.
  const backoffMs = run.sleeps.reduce((sum, s) => sum + s.ms, 0);
  const tookMs = run.tookMs + backoffMs;
  const inTime = tookMs <= CALLER_BUDGET_MS;
  const sent = run.mock.requests.length;
  const late = `${sent} attempts that never answered took ${tookMs / 1000} s in all: the caller, who waits 60 s, gave up before the fallback came`;
  demand(inTime && run.outcome.structured?.fallback === true, {
    problem: inTime
      ? "classify_document threw instead of falling back after its last attempt (three attempts that never answered)"
      : sent > 3
        ? `classify_document made ${sent} sampling attempts; at most 3: ${late}`
        : late,
    expected: "3 attempts plus the backoff between them within 60 s, then the fallback (e.g. 15 s per attempt, 1 s and 2 s of backoff: 48 s)",
    received: inTime
      ? run.outcome.result
      : `${waited.length} attempt(s) given up after ${waited.map((ms) => `${(ms ?? 0) / 1000} s`).join(", ")}, ${backoffMs / 1000} s of backoff; answered after ${tookMs / 1000} s`,
    fix: inTime
      ? "after the loop, return the fallback classification instead of throwing"
      : sent > 3
        ? "stop after the third attempt"
        : run.tookMs > CALLER_BUDGET_MS
          ? "shorten the per-attempt timeout"
          : "shorten the backoff: a second or two between attempts",
    file,
  });
});

test("retries a timeout, then a prose reply, and returns the third answer", async () => {
  const script = ["timed out (-32001)", "prose, not JSON", 'valid {"label":"contract"}'];
  const run = await classify({ replies: [replies.timedOut(), PROSE, answer("contract", 0.81)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 3, {
    problem:
      sent < 3
        ? `classify_document gave up after ${sent} attempt${sent === 1 ? "" : "s"}: a ${sent === 1 ? "timeout" : "reply that is not JSON"} is worth retrying`
        : `classify_document sent ${sent} sampling requests; the third answer was valid`,
    expected: "3 attempts: the timeout and the prose reply retried, the valid answer used",
    received: describeScript(script, sent),
    file,
  });
  const structured = structuredOf(run);
  demand(structured.label === "contract" && structured.confidence === 0.81 && structured.attempts === 3 && structured.fallback === false, {
    problem: "classify_document did not report the answer of its third attempt",
    expected: '{ label: "contract", confidence: 0.81, attempts: 3, fallback: false }',
    received: structured,
    file,
  });
});

test("backs off through the injected sleep, with growing delays between attempts", async () => {
  const run = await classify({ replies: [replies.timedOut(), PROSE, answer("contract", 0.81)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 3, {
    problem: `classify_document made ${sent} attempts for two failures and a valid answer`,
    expected: "3 attempts",
    received: sent,
    file,
  });
  demand(run.sleeps.length > 0, {
    problem: "classify_document did not back off through deps.sleep between attempts",
    expected: "await sleep(ms) before each retry, with sleep = deps.sleep ?? a real setTimeout sleep",
    received: "no call to deps.sleep",
    file,
  });
  const beforeRetry = [1, 2].map((done) => run.sleeps.find((s) => s.afterRequests === done));
  demand(beforeRetry.every((s) => s !== undefined), {
    problem: "classify_document did not sleep before each retry",
    expected: "a sleep after attempt 1 and another after attempt 2",
    received: run.sleeps,
    file,
  });
  const [first, second] = beforeRetry as Sleep[];
  demand(first.ms > 0 && second.ms > first.ms, {
    problem: "classify_document's backoff delays do not grow",
    expected: "a longer wait before each retry, e.g. 1000 ms then 2000 ms",
    received: run.sleeps.map((s) => s.ms),
    file,
  });
  const early = run.sleeps.filter((s) => s.afterRequests === 0);
  demand(early.length === 0, {
    problem: "classify_document slept before its first attempt: the backoff belongs before a retry only",
    expected: "the first request at once, then a sleep before each retry",
    received: run.sleeps,
    fix: "sleep only when attempt > 1",
    file,
  });
  demand(first.ms >= FIRST_BACKOFF_MS.min && first.ms <= FIRST_BACKOFF_MS.max, {
    problem:
      first.ms < FIRST_BACKOFF_MS.min
        ? `classify_document waits ${first.ms} ms before its first retry: too short for a struggling provider to recover`
        : `classify_document waits ${first.ms} ms before its first retry: too long, the backoff spends the caller's 60 s`,
    expected: "about a second before the first retry (0.5 s to 2 s), e.g. 1000 ms then 2000 ms",
    received: run.sleeps.map((s) => s.ms),
    fix: first.ms < FIRST_BACKOFF_MS.min ? "sleep takes milliseconds: sleep(1000), not sleep(1)" : "start the backoff at 1000 ms",
    file,
  });
});

test("retries a reply that is not valid JSON", async () => {
  const run = await classify({ replies: [replies.text('{"label": "invoice", "confidence": 0.9'), answer("resume", 0.7)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 2, {
    problem: sent < 2 ? "classify_document did not retry a reply that is not valid JSON" : `classify_document sent ${sent} sampling requests; the second answer was valid`,
    expected: "2 attempts: the broken JSON retried, the valid answer used",
    received: describeScript(['broken JSON {"label": "invoice", "confidence": 0.9', 'valid {"label":"resume"}'], sent),
    fix: "JSON.parse inside try/catch; a parse error is a failed attempt worth retrying",
    file,
  });
  const structured = structuredOf(run);
  demand(structured.label === "resume" && structured.attempts === 2, {
    problem: "classify_document did not return the answer of its second attempt",
    expected: '{ label: "resume", confidence: 0.7, attempts: 2, fallback: false }',
    received: structured,
    file,
  });
});

test("rejects a label outside the five and retries", async () => {
  const run = await classify({ replies: [replies.text('{"label": "receipt", "confidence": 0.88}'), answer("invoice", 0.9)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 2 && run.outcome.structured?.label !== "receipt", {
    problem:
      sent < 2
        ? accepted(run, (structured) => structured.label === "receipt")
          ? 'classify_document accepted a label outside the allowed set ("receipt") instead of retrying'
          : 'classify_document did not retry a reply whose label is outside the allowed set ("receipt")'
        : `classify_document sent ${sent} sampling requests; the second answer was valid`,
    expected: '2 attempts: "receipt" is not one of invoice, contract, resume, research_paper, other',
    received: run.outcome.result,
    fix: "validate the parsed JSON with z.object({ label: z.enum(LABELS), confidence: ... }).safeParse(...)",
    file,
  });
  const structured = structuredOf(run);
  demand(structured.label === "invoice" && structured.attempts === 2, {
    problem: "classify_document did not return the answer of its second attempt",
    expected: '{ label: "invoice", confidence: 0.9, attempts: 2, fallback: false }',
    received: structured,
    file,
  });
});

test("rejects a confidence outside 0..1 and retries", async () => {
  const run = await classify({ replies: [replies.text('{"label": "invoice", "confidence": 87}'), answer("invoice", 0.87)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 2, {
    problem:
      sent < 2
        ? accepted(run, (structured) => structured.confidence === 87)
          ? "classify_document accepted a confidence outside 0..1 (87) instead of retrying"
          : "classify_document did not retry a reply whose confidence is outside 0..1 (87)"
        : `classify_document sent ${sent} sampling requests; the second answer was valid`,
    expected: "2 attempts: a confidence must be a number from 0 to 1",
    received: run.outcome.result,
    fix: "confidence: z.number().min(0).max(1) in the reply's schema",
    file,
  });
  const structured = structuredOf(run);
  demand(structured.confidence === 0.87 && structured.attempts === 2, {
    problem: "classify_document did not return the answer of its second attempt",
    expected: '{ label: "invoice", confidence: 0.87, attempts: 2, fallback: false }',
    received: structured,
    file,
  });
});

test("retries a reply with image content", async () => {
  const run = await classify({ replies: [replies.image(), answer("contract", 0.8)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 2 && run.outcome.structured?.label === "contract" && run.outcome.structured.attempts === 2, {
    problem:
      sent < 2
        ? "classify_document did not retry a reply with image content: a model that answered with an image may answer with text next time"
        : `classify_document did not return the valid second answer after an image (${sent} sampling requests)`,
    expected: '2 attempts: the image retried, then { label: "contract", confidence: 0.8, attempts: 2, fallback: false }',
    received: run.outcome.result,
    fix: 'check result.content.type === "text" before reading .text; anything else is a failed attempt worth retrying',
    file,
  });
});

test("makes at most 3 attempts in all", async () => {
  // Ten failures, then a valid answer: a loop that retries until it succeeds ends at 11.
  const script: Responder[] = [...Array.from({ length: 10 }, () => PROSE), answer("invoice", 0.9)];
  const run = await classify({ replies: script });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent <= 3, {
    problem:
      sent === script.length
        ? `unbounded retries: classify_document made ${sent} sampling attempts; at most 3`
        : `classify_document made ${sent} sampling attempts; at most 3 in all`,
    expected: "3 attempts (the first try and two retries), then the fallback",
    received: `${sent} requests`,
    fix: "loop for (let attempt = 1; attempt <= 3; attempt++) and fall back after it",
    file,
  });
  demand(sent === 3, {
    problem: `classify_document gave up after ${sent} attempt${sent === 1 ? "" : "s"}: prose replies are worth retrying`,
    expected: "3 attempts in all",
    received: `${sent} requests`,
    file,
  });
});

test("falls back to { label: \"other\", confidence: 0, fallback: true } after the last failure", async () => {
  const script = ["timed out (-32001)", "provider failure (-32603)", "image content, not text", "valid"];
  const run = await classify({
    replies: [replies.timedOut(), replies.fail("model overloaded"), replies.image(), answer("invoice", 0.9)],
  });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 3, {
    problem:
      sent < 3
        ? `classify_document gave up after ${sent} attempt${sent === 1 ? "" : "s"}; timeouts, provider failures (-32603) and non-text content are worth retrying`
        : `classify_document made ${sent} sampling attempts; at most 3`,
    expected: "3 attempts",
    received: describeScript(script, sent),
    file,
  });
  demand(!run.outcome.isError, {
    problem: "classify_document threw instead of falling back after its last attempt",
    expected: '{ label: "other", confidence: 0, attempts: 3, fallback: true, reason: "..." } as structuredContent',
    received: run.outcome.result,
    fix: "after the loop, return the fallback classification instead of throwing",
    file,
  });
  const structured = structuredOf(run);
  demand(
    structured.label === "other" && structured.confidence === 0 && structured.fallback === true && structured.attempts === 3 &&
      typeof structured.reason === "string" && structured.reason.trim() !== "",
    {
      problem: "classify_document's fallback is not { label: \"other\", confidence: 0, attempts: 3, fallback: true, reason }",
      expected: '{ label: "other", confidence: 0, attempts: 3, fallback: true, reason: "why the attempts failed" }',
      received: structured,
      file,
    },
  );
});

/** Attempts that all fail the same way, and words a fallback's reason would use for that failure. */
const REPEATED_FAILURES: { failure: string; reply: Responder; says: RegExp; example: string }[] = [
  { failure: "a timeout (-32001)", reply: replies.timedOut(), says: /time|-32001/i, example: "attempt 3: the request timed out" },
  { failure: "prose, not JSON", reply: PROSE, says: /json|pars|prose|format|schema|valid/i, example: "attempt 3: the reply was not JSON" },
  {
    failure: 'a label outside the five ("receipt")',
    reply: replies.text('{"label": "receipt", "confidence": 0.88}'),
    says: /label|receipt|schema|valid|match|expected/i,
    example: 'attempt 3: the label "receipt" is not one of the five',
  },
  { failure: "image content, not text", reply: replies.image(), says: /image|text|content/i, example: "attempt 3: the model answered with an image" },
];

test("says in the fallback's reason why the attempts failed", async () => {
  for (const { failure, reply, says, example } of REPEATED_FAILURES) {
    const run = await classify({ replies: reply });
    await clock?.uninstall();
    clock = undefined;
    demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
    const structured = structuredOf(run);
    demand(structured.fallback === true && typeof structured.reason === "string" && says.test(structured.reason), {
      problem: `classify_document's fallback reason does not say why its attempts failed (all three failed with ${failure})`,
      expected: `a reason that names the failure, e.g. "${example}"`,
      received: structured,
      fix: "keep what went wrong in each failed attempt and put it in the fallback's reason",
      file,
    });
  }
});

/** The clients that let a person say no, each as lesson 05's README names it, and what the fix is. */
const DENYING_CLIENTS = {
  spec: { client: "a client that follows the spec", fix: "check error.code === -1 (an McpError) and stop retrying" },
  vscode: { client: "VS Code", fix: "-32000 is VS Code's no: treat it like -1 and never retry it" },
  inspector: {
    client: "MCP Inspector",
    fix: "a -32603 whose message says rejected or denied is a person's no (Inspector's); only other -32603s are failed models worth retrying",
  },
} satisfies Partial<Record<PersonaName, { client: string; fix: string }>>;

/** Words a reason uses for a person's no (the clients' own messages all have one of them). */
const SAYS_DENIED = /reject|denied|deny|declin|refus|said no|user|person|permission/i;

/** A person denies the first request in `persona`'s client: one attempt, then the fallback. */
async function demandDenialRespected(persona: keyof typeof DENYING_CLIENTS): Promise<void> {
  const { client, fix } = DENYING_CLIENTS[persona];
  const { code, message } = PERSONAS[persona].denial!;
  const run = await classify({ persona, replies: [replies.deny(), answer("invoice", 0.9)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 1, {
    problem: `classify_document retried a user rejection from ${client} (${code} "${message}"): it sent ${sent} sampling requests`,
    expected: "1 request: the user said no, and asking again overrides their decision",
    received: run.mock.requests.map((r, i) => (i === 0 ? `denied by the user (${code})` : "asked again")),
    fix,
    file,
  });
  demand(!run.outcome.isError, {
    problem: `classify_document threw instead of falling back after a user rejection from ${client} (${code})`,
    expected: '{ label: "other", confidence: 0, attempts: 1, fallback: true, reason: "..." } as structuredContent',
    received: run.outcome.result,
    file,
  });
  const structured = structuredOf(run);
  demand(structured.label === "other" && structured.fallback === true && structured.attempts === 1, {
    problem: `classify_document did not fall back after a user rejection from ${client} (${code})`,
    expected: '{ label: "other", confidence: 0, attempts: 1, fallback: true, reason: "..." }',
    received: structured,
    file,
  });
  demand(typeof structured.reason === "string" && SAYS_DENIED.test(structured.reason), {
    problem: `classify_document's fallback reason does not say that the user denied the request (${client}, ${code})`,
    expected: `a reason such as "the user denied the request" or one quoting the client's "${message}"`,
    received: structured,
    fix: "put the error's message, or a sentence saying the user said no, in the fallback's reason",
    file,
  });
}

test("never retries a user rejection", async () => {
  await demandDenialRespected("spec");
});

test("never retries a VS Code denial (-32000)", async () => {
  await demandDenialRespected("vscode");
});

test('never retries an MCP Inspector rejection (-32603 "Sampling request rejected")', async () => {
  await demandDenialRespected("inspector");
});

test("retries a failed model (-32603 that says neither rejected nor denied), as goose sends it", async () => {
  // goose asks nobody, so a -32603 from it is always its model failing (docs/clients.md).
  const failure = "Unexpected error while completing the prompt";
  const run = await classify({ persona: "auto-approve", replies: [replies.fail(failure), answer("invoice", 0.9)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 2, {
    problem:
      sent < 2
        ? `classify_document did not retry a failed model (-32603 "${failure}"): only a -32603 that says rejected or denied is a person's no`
        : `classify_document sent ${sent} sampling requests; the second answer was valid`,
    expected: "2 attempts: the model failure retried, the valid answer used",
    received: describeScript([`failed model (-32603 "${failure}")`, 'valid {"label":"invoice"}'], sent),
    fix: "retry every -32603 except one whose message matches /\\b(rejected|denied)\\b/i",
    file,
  });
  const structured = structuredOf(run);
  demand(structured.label === "invoice" && structured.attempts === 2 && structured.fallback === false, {
    problem: "classify_document did not return the answer of its second attempt",
    expected: '{ label: "invoice", confidence: 0.9, attempts: 2, fallback: false }',
    received: structured,
    file,
  });
});

test("sends nothing to a client without the sampling capability, and falls back saying why", async () => {
  const run = await classify({ persona: "no-sampling" });
  const sent = run.mock.requests.length;
  demand(sent === 0, {
    problem: `classify_document sent ${sent} sampling request${sent === 1 ? "" : "s"} to a client without the sampling capability`,
    expected: "no request: check server.server.getClientCapabilities()?.sampling before sending",
    received: `${sent} requests, each refused with -32601 "Method not found"`,
    file,
  });
  demand(!run.outcome.isError, {
    problem: "classify_document threw instead of falling back when the client cannot sample",
    expected: '{ label: "other", confidence: 0, fallback: true, reason: "the client does not support sampling" }',
    received: run.outcome.result,
    file,
  });
  const structured = structuredOf(run);
  demand(
    structured.label === "other" && structured.fallback === true && typeof structured.reason === "string" && /sampl|capabilit/i.test(structured.reason),
    {
      problem: "classify_document's fallback does not say the client cannot sample",
      expected: '{ label: "other", confidence: 0, fallback: true, reason: "...client does not support sampling..." }',
      received: structured,
      file,
    },
  );
});

test("retries an attempt that never answers once its timeout expires", async () => {
  const run = await classify({ replies: [replies.never(), answer("research_paper", 0.77)] });
  demandSampled(run.mock, run.outcome, { tool: "classify_document", file });
  const sent = run.mock.requests.length;
  demand(sent === 2, {
    problem:
      sent < 2
        ? "classify_document did not retry after an attempt that never answered"
        : `classify_document sent ${sent} sampling requests; the second answer was valid`,
    expected: "the first attempt times out (its own timeout), the second is used",
    received: `${sent} requests; the tool answered ${run.outcome.text}`,
    file,
  });
  const structured = structuredOf(run);
  demand(structured.label === "research_paper" && structured.attempts === 2 && structured.fallback === false, {
    problem: "classify_document did not return the answer that arrived after the timeout",
    expected: '{ label: "research_paper", confidence: 0.77, attempts: 2, fallback: false }',
    received: structured,
    file,
  });
});
