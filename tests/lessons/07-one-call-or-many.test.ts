import { afterEach, test, vi } from "vitest";
import { harnessClock, settleOnFakeTime } from "../kit/fake-time.js";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { replies, type Responder } from "../kit/replies.js";
import { demandPromptAndBudget, requestText, saysNotText } from "../kit/request-basics.js";
import type { MockSamplingClient, RecordedSamplingRequest, ToolOutcome } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("07-one-call-or-many");
const file = lesson.display("server.ts");
const LIMIT = 3;

const PAPERS = [
  { title: "Sparse Attention for Long Documents", abstract: "We restrict attention to local windows plus a few global tokens and keep accuracy on 16k-token inputs." },
  { title: "Retrieval Beats Memorization at Small Scale", abstract: "A 300M model with a retriever matches a 3B model on open-domain questions." },
  { title: "Curriculum Ordering in Code Pretraining", abstract: "Training on simple programs first speeds convergence by 18 percent." },
  { title: "Measuring Hallucination with Citations", abstract: "We score answers by whether each claim is supported by a cited passage." },
  { title: "Quantized Adapters for Edge Devices", abstract: "4-bit adapters keep 97 percent of full fine-tuning quality on phones." },
  { title: "Tool Use Without Demonstrations", abstract: "Models learn to call a calculator from the tool's documentation alone." },
  { title: "Evaluating Summaries Against Human Preference", abstract: "Pairwise human judgments disagree with ROUGE on 41 percent of summary pairs." },
];

// A per-paper answer names its paper with a word no other answer, title or abstract contains,
// so the combining request shows which notes it got and in which order.
const MARKERS = ["AMBER", "BIRCH", "CEDAR", "DAHLIA", "EMBER", "FJORD", "GRAVEL"];
const noteFor = (index: number) => `Note ${MARKERS[index]}: paper ${index + 1} reports one finding.`;
// How long (fake ms) the model takes on each paper: answers come back out of the papers' order.
const ANSWER_DELAY_MS = [60, 20, 40, 10, 50, 30, 70];
const COMBINED = "Combined synthesis of all seven papers.";
const SINGLE = "One-shot synthesis of all seven papers.";

afterEach(() => {
  vi.useRealTimers();
});

/** The indexes of the papers whose title a request mentions. */
function papersIn(request: RecordedSamplingRequest): number[] {
  const text = requestText(request.params);
  return PAPERS.flatMap((paper, i) => (text.includes(paper.title) ? [i] : []));
}

/** What `estimated_input_tokens` should be: systemPrompt plus message text of every request, / 4, rounded up. */
function expectedTokens(mock: MockSamplingClient): number {
  const characters = mock.requests.reduce((sum, r) => sum + (r.params.systemPrompt ?? "").length + requestText(r.params).length, 0);
  return Math.ceil(characters / 4);
}

/** A request about one paper gets that paper's note after its delay; anything else is the combining request. */
const perPaperModel: Responder = async (request, context) => {
  const [paper, ...others] = papersIn(request);
  if (paper === undefined || others.length > 0) return replies.text(COMBINED)(request, context);
  await new Promise((resolve) => setTimeout(resolve, ANSWER_DELAY_MS[paper]));
  return replies.text(noteFor(paper))(request, context);
};

async function synthesize(strategy: "single" | "per_paper", responder: Responder) {
  const mock = await startLessonServer(lesson, { replies: responder });
  return { mock, outcome: await mock.callTool("synthesize_papers", { papers: PAPERS, strategy }) };
}

/** per_paper on fake timers: answers take their delays without any real waiting. */
async function synthesizePerPaper(responder: Responder = perPaperModel): Promise<{ mock: MockSamplingClient; outcome: ToolOutcome }> {
  const mock = await startLessonServer(lesson, { replies: responder });
  vi.useFakeTimers();
  const call = mock.callTool("synthesize_papers", { papers: PAPERS, strategy: "per_paper" }, { timeoutMs: 120_000 });
  // Past the SDK's 60 s request timeout too: a call that never ends fails instead of hanging.
  const settled = await settleOnFakeTime(call, lesson.host(), harnessClock, 130_000);
  if (settled && "value" in settled) return { mock, outcome: settled.value };
  throw settled?.error ?? new Error("synthesize_papers never answered");
}

/** The per_paper requests: one per paper, then the combining request last. */
function demandPerPaperShape(mock: MockSamplingClient, outcome: ToolOutcome) {
  demandSampled(mock, outcome, { tool: "synthesize_papers", file });
  const perPaper = mock.requests.slice(0, -1);
  const combining = mock.requests.at(-1)!;
  const covered = perPaper.map(papersIn);
  demand(mock.requests.length === PAPERS.length + 1 && covered.every((papers) => papers.length === 1), {
    problem: `per_paper should send one request per paper (${PAPERS.length}), then one combining request`,
    expected: `${PAPERS.length + 1} requests: each of the first ${PAPERS.length} holds one paper's title and abstract`,
    received: `${mock.requests.length} requests, with these papers' titles (by number): ${JSON.stringify(mock.requests.map(papersIn).map((ps) => ps.map((p) => p + 1)))}`,
    file,
  });
  const missing = PAPERS.flatMap((paper, i) => (covered.some(([p]) => p === i) ? [] : [paper.title]));
  demand(missing.length === 0, {
    problem: "per_paper sent no request for some papers",
    expected: "one request for every paper",
    received: `no request for ${JSON.stringify(missing)}`,
    file,
  });
  return { perPaper, combining };
}

function demandUsage(outcome: ToolOutcome, mock: MockSamplingClient, strategy: string, synthesis: string): void {
  const report = outcome.structured;
  demand(!outcome.isError && report && typeof report.synthesis === "string", {
    problem: `synthesize_papers (${strategy}) returned no structuredContent`,
    expected: "structuredContent: { synthesis, sampling_calls, estimated_input_tokens }",
    received: outcome.text || outcome.result,
    file,
  });
  demand(report.synthesis === synthesis, {
    problem: `synthesis (${strategy}) is not the text of the last model answer`,
    expected: JSON.stringify(synthesis),
    received: report.synthesis,
    file,
  });
  demand(outcome.text.includes(synthesis), {
    problem: `synthesize_papers (${strategy}) has no text block with the synthesis in its content`,
    expected: "content: [{ type: \"text\", text: ... }] holding the synthesis, for clients that read only content",
    received: outcome.result.content,
    file,
  });
  demand(report.sampling_calls === mock.requests.length, {
    problem: `sampling_calls (${strategy}) does not match the requests the tool sent`,
    expected: `${mock.requests.length}: every sampling request this call sent${strategy === "per_paper" ? ", the combining one too" : ""}`,
    received: report.sampling_calls,
    file,
  });
  const tokens = expectedTokens(mock);
  const reported = report.estimated_input_tokens;
  // Rounding each request up on its own may add up to one token per request.
  demand(typeof reported === "number" && Math.abs(reported - tokens) <= mock.requests.length, {
    problem: `estimated_input_tokens (${strategy}) is not about characters / 4`,
    expected: `about ${tokens}: the characters of every request's systemPrompt and message text, divided by 4, rounded up`,
    received: reported,
    file,
  });
}

test("registers the synthesize_papers tool with papers and strategy arguments", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "synthesize_papers", ["papers", "strategy"]);
});

test("single: sends one request that holds every paper", async () => {
  const { mock, outcome } = await synthesize("single", replies.text(SINGLE));
  demandSampled(mock, outcome, { tool: "synthesize_papers (single)", file, count: 1 });
  const text = requestText(mock.requests[0]!.params);
  const missing = PAPERS.filter((p) => !text.includes(p.title) || !text.includes(p.abstract)).map((p) => p.title);
  demand(missing.length === 0, {
    problem: "the single request does not hold every paper",
    expected: "one user message with every paper's title and abstract",
    received: `missing: ${JSON.stringify(missing)}`,
    file,
  });
});

test("single: returns the synthesis, sampling_calls and estimated_input_tokens", async () => {
  const { mock, outcome } = await synthesize("single", replies.text(SINGLE));
  demandUsage(outcome, mock, "single", SINGLE);
});

test("per_paper: sends one request per paper, then one combining request", async () => {
  const { mock, outcome } = await synthesizePerPaper();
  const { perPaper } = demandPerPaperShape(mock, outcome);
  const withoutAbstract = perPaper.flatMap((request) => {
    const paper = PAPERS[papersIn(request)[0]!]!;
    return requestText(request.params).includes(paper.abstract) ? [] : [paper.title];
  });
  demand(withoutAbstract.length === 0, {
    problem: "a per-paper request holds its paper's title but not its abstract",
    expected: "each paper's request holds its title and its abstract: the model cannot summarize a title",
    received: `no abstract in the requests for ${JSON.stringify(withoutAbstract)}`,
    file,
  });
});

test("per_paper: runs several paper requests at the same time", async () => {
  const { mock, outcome } = await synthesizePerPaper();
  demandPerPaperShape(mock, outcome);
  demand(mock.peakConcurrency > 1, {
    problem: "per_paper ran the paper requests one after the other",
    expected: `up to ${LIMIT} paper requests in flight at once`,
    received: "never more than 1 request in flight",
    fix: "a loop that awaits each request waits for every answer in turn: run the papers through a concurrency limiter",
    file,
  });
});

test(`per_paper: never has more than ${LIMIT} requests in flight`, async () => {
  const { mock, outcome } = await synthesizePerPaper();
  demandPerPaperShape(mock, outcome);
  demand(mock.peakConcurrency <= LIMIT, {
    problem: `per_paper had ${mock.peakConcurrency} requests in flight at once; the limit is ${LIMIT}`,
    expected: `at most ${LIMIT} sampling requests in flight at any moment`,
    received: `${mock.peakConcurrency} at once (Promise.all over every paper starts them all together)`,
    fix: `start a new request only when one of the ${LIMIT} running ones has finished`,
    file,
  });
});

test("per_paper: the combining request keeps the papers' order", async () => {
  const { mock, outcome } = await synthesizePerPaper();
  const { perPaper, combining } = demandPerPaperShape(mock, outcome);
  const text = requestText(combining.params);
  const missing = MARKERS.flatMap((marker, i) => (text.includes(marker) ? [] : [i + 1]));
  demand(missing.length === 0, {
    problem: "the combining request does not hold every paper's note",
    expected: "the text of each per-paper answer in the combining request",
    received: `no note from paper(s) ${missing.join(", ")}: ${JSON.stringify(text.slice(0, 200))}`,
    file,
  });
  const order = MARKERS.map((marker) => text.indexOf(marker));
  const answered = [...perPaper].sort((a, b) => a.settledAt! - b.settledAt!).map((r) => papersIn(r)[0]! + 1);
  demand(order.every((at, i) => i === 0 || at > order[i - 1]!), {
    problem: "the combining request lists the notes in the order the answers arrived, not in the papers' order",
    expected: "notes for papers 1, 2, 3, 4, 5, 6, 7 in that order",
    received: `notes in the order ${JSON.stringify(MARKERS.map((_, i) => i + 1).sort((a, b) => order[a - 1]! - order[b - 1]!))} (answers arrived for papers ${JSON.stringify(answered)})`,
    fix: "store each answer at its paper's index (results[i] = ...), never push it when it arrives",
    file,
  });
});

test("per_paper: returns the synthesis, sampling_calls and estimated_input_tokens", async () => {
  const { mock, outcome } = await synthesizePerPaper();
  demandPerPaperShape(mock, outcome);
  demandUsage(outcome, mock, "per_paper", COMBINED);
});

test(`per_paper: keeps all ${LIMIT} slots busy while papers are left`, async () => {
  const { mock, outcome } = await synthesizePerPaper();
  const { perPaper } = demandPerPaperShape(mock, outcome);
  demand(mock.peakConcurrency === LIMIT, {
    problem: `per_paper never had more than ${mock.peakConcurrency} requests in flight; the limit is ${LIMIT}, and seven papers fill it`,
    expected: `${LIMIT} paper requests in flight at once (MAX_IN_FLIGHT)`,
    received: `at most ${mock.peakConcurrency} at once`,
    fix: "pass MAX_IN_FLIGHT to mapWithLimit, and start as many workers as the limit allows",
    file,
  });
  // Work-conserving: whenever an answer arrives, every slot it frees is refilled at once.
  const late = perPaper.find((done) => {
    const settledBy = perPaper.filter((r) => r.settledAt! <= done.settledAt!).length;
    const startedBy = perPaper.filter((r) => r.arrivedAt <= done.settledAt!).length;
    return startedBy < Math.min(PAPERS.length, LIMIT + settledBy);
  });
  const arrivals = perPaper.map((r) => `paper ${papersIn(r)[0]! + 1}: ${r.arrivedAt - perPaper[0]!.arrivedAt} ms → ${r.settledAt! - perPaper[0]!.arrivedAt} ms`);
  demand(late === undefined, {
    problem: `per_paper waited for a whole batch of ${LIMIT} before starting the next papers; a new request must start the moment a slot frees`,
    expected: `when paper ${late ? papersIn(late)[0]! + 1 : "?"}'s answer arrived, the next paper's request at once`,
    received: `requests (start → answer, fake time): ${arrivals.join(", ")}`,
    fix: "Promise.all over slices of three waits for the slowest of each slice: let each worker take the next paper as soon as its own request ends",
    file,
  });
});

test("every request has a system prompt and a maxTokens budget", async () => {
  const single = await synthesize("single", replies.text(SINGLE));
  demandSampled(single.mock, single.outcome, { tool: "synthesize_papers (single)", file, count: 1 });
  const perPaper = await synthesizePerPaper();
  demandPerPaperShape(perPaper.mock, perPaper.outcome);
  demandPromptAndBudget([...single.mock.requests, ...perPaper.mock.requests], {
    tool: "synthesize_papers",
    file,
    role: { pattern: /research|analy[sz]|scien|academ|literature|scholar|summar|synthes/i, described: "one that says what the model is to do with the papers (summarize one, synthesize several)" },
    budget: { min: 100, max: 4000, suggested: "a few hundred for one paper's note, about 1500 for a synthesis" },
  });
});

test("single: a non-text answer from the model is an error result", async () => {
  const { mock, outcome } = await synthesize("single", replies.image());
  demandSampled(mock, outcome, { tool: "synthesize_papers (single)", file, count: 1 });
  demand(outcome.isError && saysNotText(outcome.text), {
    problem: "synthesize_papers did not report the model's non-text answer as an error",
    expected: "isError: true with a message saying the model answered with image content, not text",
    received: outcome.result,
    fix: 'check result.content.type === "text" before reading result.content.text',
    file,
  });
});

// Last: a limiter that keeps a failed task's slot hangs the call, and a hung call stops the lesson's host.
test("per_paper: failed paper requests still end the call, and free their slots", async () => {
  // Three failures, as many as there are slots: a limiter that keeps a failed task's slot runs out.
  const FAILING = [1, 3, 5];
  const failingModel: Responder = async (request, context) => {
    const [paper, ...others] = papersIn(request);
    if (paper === undefined || !FAILING.includes(paper) || others.length > 0) return perPaperModel(request, context);
    await new Promise((resolve) => setTimeout(resolve, ANSWER_DELAY_MS[paper]));
    return replies.fail("the model provider is unavailable")(request, context);
  };
  const numbers = FAILING.map((i) => i + 1).join(", ");
  let run: { mock: MockSamplingClient; outcome: ToolOutcome } | undefined;
  let hung: unknown;
  try {
    run = await synthesizePerPaper(failingModel);
  } catch (error) {
    hung = error;
  }
  demand(run, {
    problem: `synthesize_papers never answered after the requests for papers ${numbers} failed: a failed task kept its slot, or its error was lost`,
    expected: "an answer: an error result, or a synthesis of the notes it has that says which papers are missing",
    received: hung instanceof Error ? hung.message : hung,
    fix: "free the slot whatever the task does (try/finally), and let mapWithLimit reject when a task rejects",
    file,
  });
  const { outcome } = run;
  const unnamed = FAILING.filter((i) => !outcome.text.includes(PAPERS[i]!.title) && !new RegExp(`\\b${i + 1}\\b`).test(outcome.text));
  demand(outcome.isError || unnamed.length === 0, {
    problem: `synthesize_papers answered as if every paper had a note, although the requests for papers ${numbers} failed`,
    expected: `isError: true, or a synthesis that says which papers (${numbers}) are missing`,
    received: outcome.text,
    file,
  });
});
