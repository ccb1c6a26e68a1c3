import { afterEach, test, vi } from "vitest";
import { harnessClock, settleOnFakeTime } from "../kit/fake-time.js";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandSampled, demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { replies, type Responder } from "../kit/replies.js";
import type { MockSamplingClient, RecordedSamplingRequest, SamplingParams, ToolOutcome } from "../kit/mock-sampling-client.js";

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

function textOf(params: SamplingParams): string {
  return params.messages
    .flatMap((m) => (Array.isArray(m.content) ? m.content : [m.content]))
    .map((block) => (block.type === "text" ? block.text : ""))
    .join("\n");
}

/** The indexes of the papers whose title a request mentions. */
function papersIn(request: RecordedSamplingRequest): number[] {
  const text = textOf(request.params);
  return PAPERS.flatMap((paper, i) => (text.includes(paper.title) ? [i] : []));
}

/** What `estimated_input_tokens` should be: systemPrompt plus message text of every request, / 4, rounded up. */
function expectedTokens(mock: MockSamplingClient): number {
  const characters = mock.requests.reduce((sum, r) => sum + (r.params.systemPrompt ?? "").length + textOf(r.params).length, 0);
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
async function synthesizePerPaper(): Promise<{ mock: MockSamplingClient; outcome: ToolOutcome }> {
  const mock = await startLessonServer(lesson, { replies: perPaperModel });
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
  const text = textOf(mock.requests[0]!.params);
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
  demandPerPaperShape(mock, outcome);
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
  const text = textOf(combining.params);
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
