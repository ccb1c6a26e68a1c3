import { readFileSync } from "node:fs";
import { beforeEach, test } from "vitest";
import { LessonLoadError, lessonUnderTest } from "../kit/lesson-under-test.js";
import { demandTool, startLessonServer } from "../kit/lesson-server.js";
import { demand } from "../kit/mistake.js";
import { replies } from "../kit/replies.js";
import { demandPromptAndBudget, requestText, saysNotText } from "../kit/request-basics.js";
import type { MockOptions, MockSamplingClient, ToolOutcome } from "../kit/mock-sampling-client.js";

const lesson = lessonUnderTest("04-research-assistant");
const file = lesson.display("server.ts");
const FEED = readFileSync(new URL("../fixtures/04-research-assistant/arxiv-feed.xml", import.meta.url), "utf8");
const EMPTY_FEED = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n  <title type="html">ArXiv Query: search_query=all:zzqx</title>\n</feed>\n';

/** What the fixture feed holds, decoded by hand. */
const FEED_PAPERS = [
  {
    title: "Message Passing & Attention: A Unified View of Graph Neural Networks for Molecular Property Prediction",
    abstractStart: 'Graph neural networks (GNNs) predict molecular properties by passing messages along chemical bonds, while graph transformers let every atom attend to every other atom. We show that both families are instances of one operator, parameterised by a sparsity pattern and a "mixing" function,',
    url: "http://arxiv.org/abs/2409.01873v2",
  },
  {
    title: "Don't Trust the Benchmark: Data Leakage in Graph Learning Datasets",
    abstractStart: "Many graph benchmarks split nodes at random, so test nodes share neighbours with training nodes. We measure this leakage on 31 datasets and find that accuracy drops by up to 19 points under a split that respects graph distance (> 2 hops).",
    url: "http://arxiv.org/abs/2502.14410v1",
  },
  {
    title: "Escaping the Escapes: Robust <Graph> Serialisation for LLM Prompts",
    abstractStart: "Serialising a graph into a prompt needs care: labels such as &lt;root&gt; must stay literal text, not markup.",
    url: "http://arxiv.org/abs/2511.00532v1",
  },
];

interface Paper {
  title: string;
  abstract: string;
  url?: string;
}

// Exactly 500 characters, then a tail the model must never see.
const BEYOND_THE_CUT = "[beyond-500]";
const LONG_ABSTRACT =
  "We study how sparse mixture-of-experts models route tokens and what routing costs at scale. ".repeat(6).slice(0, 500) +
  `${BEYOND_THE_CUT} Ablations over twelve routing schemes, load-balancing losses and expert counts follow in detail.`;
// Exactly 500 characters: within the limit, so it reaches the model whole.
const AT_THE_LIMIT = "[exactly-500]";
const LIMIT_ABSTRACT = "Four-bit quantization keeps most of a model's accuracy on reasoning benchmarks. ".repeat(7).slice(0, 500 - AT_THE_LIMIT.length) + AT_THE_LIMIT;
const PAPERS: Paper[] = [
  { title: "Sparse Expert Routing at Scale", abstract: LONG_ABSTRACT, url: "http://arxiv.org/abs/2501.00001v1" },
  { title: "Four Bits Are Enough for Reasoning", abstract: LIMIT_ABSTRACT },
  { title: "Retrieval-Augmented Generation for Clinical Notes", abstract: "RAG cuts hallucinated drug names by half." },
  { title: "The Energy Bill of Training Language Models", abstract: "We measure the energy of 40 training runs." },
];
const TOPIC = "efficient language models";

// Nothing in these tests may reach the network: the lesson's global fetch (its
// host sends every fetch here) records the call and refuses it.
const globalFetchCalls: string[] = [];
beforeEach(() => {
  globalFetchCalls.length = 0;
  lesson.host().network = (url) => {
    globalFetchCalls.push(url);
    throw new Error("the network is off during grading");
  };
});

// ---------------------------------------------------------------------------
// searchArxiv, called directly with a fake fetch
// ---------------------------------------------------------------------------

async function demandSearchArxiv(): Promise<void> {
  const exported = await lesson.exports("server.ts");
  demand(exported.searchArxiv === "function", {
    problem: `${file} does not export a searchArxiv function`,
    expected: "export async function searchArxiv(topic, max, fetchImpl = fetch) { ... }",
    received: Object.keys(exported),
    file,
  });
}

/** Runs searchArxiv (in the lesson's host) against a fake fetch that answers every request with `respond()`. */
async function search(topic: string, max: number, respond: () => Response) {
  await demandSearchArxiv();
  const urls: string[] = [];
  const fetchImpl = async (url: string) => {
    urls.push(url);
    return respond();
  };
  try {
    return { urls, papers: await lesson.call("server.ts", "searchArxiv", [topic, max, fetchImpl]), error: undefined };
  } catch (error) {
    if (error instanceof LessonLoadError) throw error;
    return { urls, papers: undefined, error };
  }
}

const atom = (body: string) => new Response(body, { status: 200, headers: { "content-type": "application/atom+xml" } });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Names why searchArxiv threw on a good feed. */
function demandNoThrow(error: unknown): void {
  const message = messageOf(error);
  demand(error === undefined, {
    problem: /JSON|Unexpected token/i.test(message)
      ? "searchArxiv tried to read the feed as JSON, but arXiv answers with Atom XML"
      : `searchArxiv threw on a good arXiv answer: ${message}`,
    expected: "the papers of the feed",
    received: messageOf(error),
    fix: /JSON|Unexpected token/i.test(message) ? "read await response.text() and pass it to parseArxivFeed" : undefined,
    file,
  });
}

function demandFetchImplUsed(urls: string[]): void {
  demand(urls.length === 1, {
    problem:
      urls.length === 0
        ? globalFetchCalls.length > 0
          ? "searchArxiv called the global fetch instead of its fetchImpl argument"
          : "searchArxiv never called fetchImpl"
        : `searchArxiv fetched ${urls.length} times for one search`,
    expected: "one call to fetchImpl(url)",
    received: urls.length === 0 ? globalFetchCalls : urls,
    file,
  });
}

test("registers the research_topic tool with topic and max_results", async () => {
  const mock = await startLessonServer(lesson);
  await demandTool(mock, file, "research_topic", ["topic", "max_results"]);
});

test("searchArxiv queries arXiv's Atom API with the topic URL-encoded", async () => {
  const topic = "C++ & Rust: memory safety";
  const { urls, error } = await search(topic, 7, () => atom(FEED));
  demand(urls.length > 0 || error === undefined, {
    problem: `searchArxiv threw before fetching anything: ${messageOf(error)}`,
    expected: "a call to fetchImpl with the arXiv query URL",
    received: messageOf(error),
    file,
  });
  demandFetchImplUsed(urls);
  const url = URL.canParse(urls[0]!) ? new URL(urls[0]!) : undefined;
  demand(url, {
    problem: "searchArxiv fetched something that is not a URL",
    expected: "https://export.arxiv.org/api/query?search_query=all:...&start=0&max_results=...",
    received: urls[0],
    file,
  });
  const query = url.searchParams;
  demand(`${url.origin}${url.pathname}` === "https://export.arxiv.org/api/query", {
    problem: "searchArxiv did not query arXiv's API",
    expected: "https://export.arxiv.org/api/query?search_query=all:...&start=0&max_results=...",
    received: urls[0],
    file,
  });
  demand(query.get("search_query") === `all:${topic}`, {
    problem: urls[0]!.includes(topic)
      ? "searchArxiv did not URL-encode the topic (its & and + break the query)"
      : "searchArxiv sent the wrong search_query",
    expected: `search_query=all:<topic>, URL-encoded, which decodes to ${JSON.stringify(`all:${topic}`)}`,
    received: query.get("search_query"),
    fix: "new URLSearchParams({ search_query: `all:${topic}`, ... }) encodes it for you",
    file,
  });
  demand(query.get("max_results") === "7" && [null, "0"].includes(query.get("start")), {
    problem: "searchArxiv did not ask for max results starting at 0",
    expected: "start=0&max_results=7 for searchArxiv(topic, 7)",
    received: { start: query.get("start"), max_results: query.get("max_results") },
    file,
  });
});

test("searchArxiv parses titles, abstracts and links from arXiv's Atom XML", async () => {
  const { urls, papers, error } = await search("graph neural networks", 3, () => atom(FEED));
  demandNoThrow(error);
  demandFetchImplUsed(urls);
  const list = (Array.isArray(papers) ? papers : []) as Partial<Paper>[];
  demand(Array.isArray(papers) && papers.length === FEED_PAPERS.length, {
    problem: "searchArxiv did not return one paper per <entry> of the feed",
    expected: `an array of ${FEED_PAPERS.length} { title, abstract, url } objects`,
    received: papers,
    file,
  });
  FEED_PAPERS.forEach((want, i) => {
    const got = list[i] ?? {};
    demand(got.title === want.title, {
      problem: `paper ${i + 1}'s title is wrong: decode the XML entities and collapse the line breaks`,
      expected: JSON.stringify(want.title),
      received: got.title,
      file,
    });
    demand(typeof got.abstract === "string" && got.abstract.replace(/\s+/g, " ").trim().startsWith(want.abstractStart), {
      problem: `paper ${i + 1}'s abstract is wrong: it comes from the entry's <summary>, entities decoded`,
      expected: `text starting ${JSON.stringify(want.abstractStart.slice(0, 80))}`,
      received: got.abstract,
      file,
    });
    demand(got.url === want.url, {
      problem: `paper ${i + 1}'s url is wrong: it is the entry's <id>`,
      expected: JSON.stringify(want.url),
      received: got.url,
      file,
    });
  });

  const empty = await search("zzqx", 3, () => atom(EMPTY_FEED));
  demand(Array.isArray(empty.papers) && empty.papers.length === 0, {
    problem: "searchArxiv did not return an empty list for a feed without entries",
    expected: "[]",
    received: empty.error ?? empty.papers,
    file,
  });
});

test("searchArxiv throws when arXiv answers with an HTTP error", async () => {
  const { urls, papers, error } = await search("graph neural networks", 3, () =>
    new Response("Rate exceeded.", { status: 503, statusText: "Service Unavailable" }),
  );
  demandFetchImplUsed(urls);
  demand(error !== undefined, {
    problem: "searchArxiv treated an HTTP 503 answer as a result instead of throwing",
    expected: "an Error that names the status, so research_topic can report the failure",
    received: papers,
    fix: "if (!response.ok) throw new Error(`arXiv answered HTTP ${response.status}`)",
    file,
  });
  demand(messageOf(error).includes("503"), {
    problem: "searchArxiv's error does not name the HTTP status arXiv answered with",
    expected: "an error message holding 503, so the person reading research_topic's error knows what failed",
    received: messageOf(error),
    file,
  });
});

// ---------------------------------------------------------------------------
// research_topic, with an injected searchPapers
// ---------------------------------------------------------------------------

function fakeSearch(answer: Paper[] | Error) {
  const calls: Array<{ topic: string; max: number }> = [];
  const searchPapers = async (topic: string, max: number) => {
    calls.push({ topic, max });
    if (answer instanceof Error) throw answer;
    return answer.map((paper) => ({ ...paper }));
  };
  return { calls, searchPapers };
}

async function research(answer: Paper[] | Error, options: MockOptions = {}, args: Record<string, unknown> = { topic: TOPIC }) {
  const search = fakeSearch(answer);
  const mock = await startLessonServer(lesson, { ...options, deps: { searchPapers: search.searchPapers } });
  const outcome = await mock.callTool("research_topic", args);
  return { mock, outcome, calls: search.calls };
}

/** The SDK's complaint when a tool with an outputSchema returns no (or wrong) structuredContent. */
function demandValidOutput(outcome: ToolOutcome): void {
  demand(!/Output validation error/.test(outcome.text), {
    problem: "research_topic's result does not match its outputSchema",
    expected: "every result that is not isError carries structuredContent { raw_papers, synthesis }",
    received: outcome.text,
    file,
  });
}

function demandSearched(calls: unknown[], outcome: ToolOutcome): void {
  demand(calls.length === 1, {
    problem: "research_topic did not call searchPapers",
    expected: "one call to deps.searchPapers(topic, max_results) before anything else",
    received: `the tool answered: ${outcome.text}`,
    file,
  });
}

/** Exactly one sampling request, naming the per-paper mistake when there are more. */
function demandOneRequest(mock: MockSamplingClient, outcome: ToolOutcome, papers: number): void {
  const sent = mock.requests.length;
  demand(sent > 0, {
    problem: "research_topic sent no sampling request",
    expected: "one sampling/createMessage request with every paper",
    received: `the tool answered: ${outcome.text}`,
    fix: "after the search, await server.server.createMessage({ ... }) once",
    file,
  });
  demand(sent === 1, {
    problem:
      sent === papers
        ? `research_topic sent one sampling request per paper (${sent} requests for ${papers} papers)`
        : `research_topic sent ${sent} sampling requests for one call`,
    expected: "exactly one request whose text holds every paper: the model compares them, and the user approves one prompt",
    received: mock.requests.map((r) => r.params.messages),
    file,
  });
}

test("passes the topic and max_results (default 5) to the search", async () => {
  const search = fakeSearch(PAPERS);
  const mock = await startLessonServer(lesson, { deps: { searchPapers: search.searchPapers } });
  await mock.callTool("research_topic", { topic: TOPIC });
  await mock.callTool("research_topic", { topic: "protein folding", max_results: 2 });
  const [first, second] = search.calls;
  demand(first?.topic === TOPIC && first.max === 5 && second?.topic === "protein folding" && second.max === 2, {
    problem: "research_topic did not pass topic and max_results to searchPapers",
    expected: `searchPapers("${TOPIC}", 5) when max_results is left out, then searchPapers("protein folding", 2)`,
    received: search.calls,
    fix: "call deps.searchPapers (default searchArxiv) with the tool's topic and max_results",
    file,
  });
});

test("sends exactly one sampling request that holds every title", async () => {
  const { mock, outcome } = await research(PAPERS);
  demandOneRequest(mock, outcome, PAPERS.length);
  const text = requestText(mock.requests[0]?.params);
  const missing = PAPERS.filter((p) => !text.includes(p.title)).map((p) => p.title);
  demand(missing.length === 0, {
    problem: "the sampling request does not include every paper's title",
    expected: "a user message listing every paper (title and abstract)",
    received: { missing },
    file,
  });
});

test("cuts abstracts to 500 characters before they reach the model", async () => {
  const { mock, outcome } = await research(PAPERS);
  demandOneRequest(mock, outcome, PAPERS.length);
  const text = requestText(mock.requests[0]?.params);
  demand(text.includes(LONG_ABSTRACT.slice(0, 400)), {
    problem: "the sampling request does not include the papers' abstracts",
    expected: "each paper's abstract (its first 500 characters) next to its title",
    received: text,
    file,
  });
  demand(!text.includes(BEYOND_THE_CUT), {
    problem: "abstracts were not cut to 500 characters before sampling",
    expected: `at most the first 500 characters of each abstract (a ${LONG_ABSTRACT.length}-character abstract was sent whole)`,
    received: text.slice(text.indexOf(BEYOND_THE_CUT) - 40, text.indexOf(BEYOND_THE_CUT) + 40),
    fix: "paper.abstract.slice(0, 500) for every paper, before building the prompt",
    file,
  });
  demand(!text.includes(LONG_ABSTRACT.slice(0, 501)), {
    problem: "abstracts were cut after more than 500 characters",
    expected: "at most the first 500 characters of each abstract",
    received: text.slice(text.indexOf(LONG_ABSTRACT.slice(480, 500)), text.indexOf(LONG_ABSTRACT.slice(480, 500)) + 40),
    file,
  });
  demand(text.includes(LIMIT_ABSTRACT), {
    problem: "an abstract of exactly 500 characters was cut: only longer ones need cutting",
    expected: `the whole 500-character abstract, ending in ${JSON.stringify(AT_THE_LIMIT)}`,
    received: text.includes(LIMIT_ABSTRACT.slice(0, 400)) ? text.slice(text.indexOf(LIMIT_ABSTRACT.slice(0, 400)) + 400, text.indexOf(LIMIT_ABSTRACT.slice(0, 400)) + 520) : text,
    file,
  });
});

test("returns structuredContent with raw_papers and the model's synthesis", async () => {
  const synthesis = "Routing, retrieval and energy: three levers on the cost of language models.";
  const { mock, outcome } = await research(PAPERS, { replies: replies.text(synthesis) });
  demandOneRequest(mock, outcome, PAPERS.length);
  demandValidOutput(outcome);
  const structured = outcome.structured;
  demand(!outcome.isError && structured?.raw_papers === PAPERS.length, {
    problem: "research_topic did not return structuredContent.raw_papers, the number of papers found",
    expected: `structuredContent: { raw_papers: ${PAPERS.length}, synthesis: "..." }`,
    received: outcome.result,
    file,
  });
  demand(typeof structured.synthesis === "string" && structured.synthesis.trim() === synthesis, {
    problem: "structuredContent.synthesis is not the model's text",
    expected: `${JSON.stringify(synthesis)}: result.content.text itself, with nothing added around it`,
    received: structured.synthesis,
    file,
  });
  demand(outcome.text.includes(synthesis), {
    problem: "research_topic's content has no text block with the synthesis",
    expected: "content: [{ type: \"text\", text: JSON.stringify(structuredContent) }] beside structuredContent, for clients that read only content",
    received: outcome.result.content,
    file,
  });
});

test("asks as a research analyst, with a maxTokens budget for a synthesis", async () => {
  const { mock, outcome } = await research(PAPERS);
  demandOneRequest(mock, outcome, PAPERS.length);
  demandPromptAndBudget(mock.requests, {
    tool: "research_topic",
    file,
    role: { pattern: /research|analy[sz]|scien|academ|literature|scholar/i, described: "one that makes the model a research analyst" },
    budget: { min: 500, max: 4000, suggested: "1500 is plenty for a synthesis of a few papers" },
  });
});

test("reports a non-text answer from the model as an error", async () => {
  const { mock, outcome } = await research(PAPERS, { replies: replies.image() });
  demandOneRequest(mock, outcome, PAPERS.length);
  demand(outcome.isError && saysNotText(outcome.text), {
    problem: "research_topic did not report the model's non-text answer as an error",
    expected: '{ isError: true, content: [{ type: "text", text: "The model answered with image content, not text" }] }',
    received: outcome.result,
    fix: 'if (result.content.type !== "text") return an error result that says so',
    file,
  });
});

const SAYS_NOTHING_FOUND = /\bno\b[^.]*\b(papers?|results?|articles?|matches|entries)\b|\b0 (papers?|results?)\b|\bzero\b|\bnothing\b|\bnone\b|(n't|not|nothing to) (find|found)/i;

test("sends no sampling request when the search finds no papers", async () => {
  const { mock, outcome, calls } = await research([]);
  demandSearched(calls, outcome);
  demand(mock.requests.length === 0, {
    problem: "research_topic sent a sampling request with zero papers",
    expected: "no sampling request: with nothing to synthesize, the model call only spends the user's tokens",
    received: mock.requests.map((r) => r.params.messages),
    fix: "if (papers.length === 0) return a message before calling createMessage",
    file,
  });
  demandValidOutput(outcome);
  // An error result carries no structuredContent; a success must say that nothing was synthesized.
  demand(outcome.isError || (outcome.structured?.raw_papers === 0 && outcome.structured.synthesis === ""), {
    problem: "with no papers, structuredContent is not { raw_papers: 0, synthesis: \"\" }",
    expected: '{ raw_papers: 0, synthesis: "" }: nothing was found, and the model was not asked',
    received: outcome.structured,
    file,
  });
  demand(SAYS_NOTHING_FOUND.test(outcome.text), {
    problem: "research_topic did not say that no papers were found",
    expected: `a text result such as 'No papers found for "${TOPIC}"'`,
    received: outcome.result,
    file,
  });
});

const SAYS_SEARCH_FAILED = /\b(search|arxiv|papers?|fetch|find|found|look|retriev|quer)/i;

test("reports a failed search as an error and sends no sampling request", async () => {
  const { mock, outcome, calls } = await research(new Error("connect ECONNREFUSED 151.101.3.42:443"));
  demandSearched(calls, outcome);
  demand(mock.requests.length === 0, {
    problem: "research_topic sent a sampling request although the search failed",
    expected: "no sampling request when searchPapers throws",
    received: mock.requests.map((r) => r.params.messages),
    file,
  });
  demand(outcome.isError && SAYS_SEARCH_FAILED.test(outcome.text), {
    problem: "when the paper search fails, research_topic must return isError: true with a message that says the search failed",
    expected: '{ isError: true, content: [{ type: "text", text: "Searching for papers failed: ..." }] }',
    received: outcome.result,
    fix: "wrap the searchPapers call in try/catch and return an error result that names the failed step and the cause",
    file,
  });
  demand(outcome.text.includes("ECONNREFUSED"), {
    problem: "research_topic's error does not say why the search failed",
    expected: "the search's own error in the message (here: connect ECONNREFUSED 151.101.3.42:443)",
    received: outcome.text,
    fix: "include error.message in the error result",
    file,
  });
});

test("searches arXiv by default (createServer() without deps)", async () => {
  const urls: string[] = [];
  lesson.host().network = (url) => {
    urls.push(url);
    return atom(FEED);
  };
  const mock = await startLessonServer(lesson);
  const outcome = await mock.callTool("research_topic", { topic: "graph neural networks", max_results: 3 });
  demand(urls.some((url) => url.startsWith("https://export.arxiv.org/api/query")), {
    problem: "createServer() without deps does not search arXiv",
    expected: "searchPapers defaults to searchArxiv, which fetches https://export.arxiv.org/api/query?...",
    received: urls.length > 0 ? urls : `no fetch; the tool answered: ${outcome.text}`,
    fix: "const searchPapers = deps.searchPapers ?? searchArxiv;",
    file,
  });
  demandOneRequest(mock, outcome, FEED_PAPERS.length);
  const text = requestText(mock.requests[0]?.params);
  demand(FEED_PAPERS.every((p) => text.includes(p.title)), {
    problem: "the sampling request does not include the titles arXiv returned",
    expected: FEED_PAPERS.map((p) => p.title).join(" | "),
    received: text,
    file,
  });
});
