// The playground's default model: offline, free and deterministic, so `npm run play`
// works on a fresh clone with no key and no network. It does not understand text; it
// recognizes the course's kinds of request and answers each in the expected shape,
// built from the request's own words, so every lesson's tool has something real to show.
import type { CompletionRequest, CompletionResult, LlmProvider } from "../../lib/llm-provider.js";

export const COURSE_MODEL = "course-model-1";

/** Providers count tokens; about four characters of English make one. */
const CHARS_PER_TOKEN = 4;

export function createCourseModel(): LlmProvider {
  return {
    name: "course",
    models: [COURSE_MODEL],
    complete: async (request) => fitToRequest(answer(request), request),
  };
}

function answer(request: CompletionRequest): string {
  const system = request.systemPrompt ?? "";
  const input = [...request.messages].reverse().find((message) => message.role === "user")?.content ?? "";
  const budget = request.maxTokens * CHARS_PER_TOKEN;
  const labels = LABELS.filter(({ label }) => labelPattern(label).test(system));
  if (/json/i.test(system) && labels.length > 0) return classify(input, labels);
  if (/review|security|performance/i.test(system)) return review(input, system);
  const papers = listedPapers(input);
  if (papers.length > 0 && /synthes/i.test(system + input)) return synthesize(papers, budget);
  if (/summar/i.test(system + input)) return summarize(input, budget);
  if (/explain/i.test(system + input) && /\berror/i.test(system + input)) return explainError(input);
  return answerFrom(input, budget);
}

/** A question is answered from the text that came with it; anything else is restated briefly. */
function answerFrom(input: string, budget: number): string {
  const [first = "", ...rest] = input.trim().split(/\n\s*\n/);
  if (first.trim().endsWith("?")) {
    const found = firstSentences(withoutInstructions(rest.join("\n\n")), budget, 2);
    return found ? `From the text given with the question: ${found}` : "I can only answer from text given with the question, and none came with it.";
  }
  const sentences = firstSentences(withoutInstructions(input), budget, 2);
  return sentences ? `In short: ${sentences}` : "There is no text here to answer from.";
}

// ---------------------------------------------------------------------------
// Classification (lesson 05): JSON { label, confidence } from keyword counts.
// ---------------------------------------------------------------------------

const LABELS = [
  { label: "invoice", keywords: ["invoice", "amount due", "total due", "bill to", "payment", "vat", "subtotal", "due date"] },
  { label: "contract", keywords: ["agreement", "contract", "parties", "hereby", "clause", "governing law", "terms and conditions", "termination"] },
  { label: "resume", keywords: ["resume", "résumé", "curriculum vitae", "work experience", "education", "skills", "employment history"] },
  { label: "research_paper", keywords: ["abstract", "we propose", "methodology", "experiments", "et al", "related work", "conclusion", "arxiv"] },
  { label: "other", keywords: [] },
];

type Label = (typeof LABELS)[number];

/** "research_paper" is also written "research paper" in prompts. */
function labelPattern(label: string): RegExp {
  return new RegExp(`\\b${label.replace("_", "[_ ]")}\\b`, "i");
}

function classify(input: string, allowed: Label[]): string {
  const text = input.toLowerCase();
  const scored = allowed.map(({ label, keywords }) => ({ label, hits: keywords.filter((k) => text.includes(k)).length }));
  const best = scored.reduce((a, b) => (b.hits > a.hits ? b : a));
  if (best.hits === 0) {
    const fallback = allowed.some(({ label }) => label === "other") ? "other" : allowed[0]!.label;
    return JSON.stringify({ label: fallback, confidence: 0.4 });
  }
  return JSON.stringify({ label: best.label, confidence: Math.min(95, 55 + 10 * best.hits) / 100 });
}

// ---------------------------------------------------------------------------
// Code review (lessons 02 and 06): findings from simple patterns.
// ---------------------------------------------------------------------------

type Topic = "security" | "performance" | "bugs";

interface Finding {
  topic: Topic;
  line: number;
  text: string;
}

const LINE_CHECKS: Array<{ topic: Topic; pattern: RegExp; text: string }> = [
  { topic: "security", pattern: /\beval\s*\(/, text: "eval runs whatever code the input holds; parse the data instead (JSON.parse, ast.literal_eval)." },
  {
    topic: "security",
    // exec( alone or from child_process, not a RegExp's .exec().
    pattern: /(?<![\w.])exec\s*\(|child_process\.exec|\bexecSync\s*\(|\bos\.(system|popen)\s*\(|shell\s*=\s*True/,
    text: "this runs a command or code built at run time; pass arguments as a list and never include user input unchecked.",
  },
  {
    topic: "security",
    pattern: /(?=.*\b(select\b.*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from)\b).*(["'`]\s*\+|\+\s*["'`]|\$\{|["']\s*%|\.format\(|\bf["'])/i,
    text: "SQL built by joining strings allows SQL injection; use a parameterized query.",
  },
];

const RISKY_CALLS = /\b(fetch|JSON\.parse|readFileSync|readFile|open|requests\.(get|post))\s*\(/;

function review(input: string, system: string): string {
  const code = codeIn(input);
  const topics = reviewTopics(system);
  const findings = [...lineFindings(code), ...nestedLoops(code), ...unhandledErrors(code)]
    .filter((finding) => topics.includes(finding.topic))
    .sort((a, b) => a.line - b.line);
  if (findings.length === 0) {
    return topics.length === 1 ? `No obvious ${topics[0]} issues found in this code.` : `No obvious issues found in this code (checked: ${topics.join(", ")}).`;
  }
  return ["Findings:", ...findings.map((f, i) => `${i + 1}. [${f.topic}] line ${f.line}: ${f.text}`)].join("\n");
}

/** A reviewer told to look only at security sees only security; a general reviewer sees everything. */
function reviewTopics(system: string): Topic[] {
  const named = (["security", "performance", "bugs"] as const).filter((topic) =>
    topic === "bugs" ? /\bbugs?\b|error handling|correctness/i.test(system) : new RegExp(topic, "i").test(system),
  );
  return named.length > 0 ? named : ["security", "performance", "bugs"];
}

function codeIn(input: string): string {
  const fenced = /```[^\n]*\n([\s\S]*?)```/.exec(input);
  return fenced ? fenced[1]! : withoutInstructions(input);
}

function lineFindings(code: string): Finding[] {
  return code.split("\n").flatMap((line, index) =>
    LINE_CHECKS.filter(({ pattern }) => pattern.test(line)).map(({ topic, text }) => ({ topic, line: index + 1, text })),
  );
}

/** A loop whose body, judged by indentation, holds another loop. */
function nestedLoops(code: string): Finding[] {
  const lines = code.split("\n");
  const indent = (line: string) => /^\s*/.exec(line)![0].length;
  const isLoop = (line: string) => /^\s*(for|while)\b|\.(forEach|map|filter)\s*\(/.test(line);
  for (const [outer, line] of lines.entries()) {
    if (!isLoop(line)) continue;
    for (let inner = outer + 1; inner < lines.length; inner++) {
      const candidate = lines[inner]!;
      if (candidate.trim() === "" || /^\s*[})\]]/.test(candidate)) continue;
      if (indent(candidate) <= indent(line)) break;
      if (isLoop(candidate)) {
        return [
          {
            topic: "performance",
            line: outer + 1,
            text: `the loop at line ${inner + 1} runs inside this one, O(n²) work; index one side in a Map or Set first.`,
          },
        ];
      }
    }
  }
  return [];
}

function unhandledErrors(code: string): Finding[] {
  if (/\btry\b|\bexcept\b|\.catch\s*\(/.test(code)) return [];
  const index = code.split("\n").findIndex((line) => RISKY_CALLS.test(line));
  if (index === -1) return [];
  const call = RISKY_CALLS.exec(code.split("\n")[index]!)![1];
  return [{ topic: "bugs", line: index + 1, text: `${call} can fail and nothing handles the error; catch it and report what went wrong.` }];
}

// ---------------------------------------------------------------------------
// Research synthesis (lessons 04 and 07): one line per paper, in the given order.
// ---------------------------------------------------------------------------

interface ListedPaper {
  title: string;
  body: string;
}

/** Papers as the lessons list them: "1. Title" or "Paper 1: Title", each followed by its text. */
function listedPapers(input: string): ListedPaper[] {
  const papers: ListedPaper[] = [];
  for (const line of input.split("\n")) {
    const heading = /^\s*(?:\d+[.)]\s+|Paper\s+\d+\s*:\s*)(.+)$/i.exec(line);
    if (heading) papers.push({ title: heading[1]!.trim(), body: "" });
    else if (papers.length > 0) papers.at(-1)!.body += `${line}\n`;
  }
  return papers;
}

function synthesize(papers: ListedPaper[], budget: number): string {
  const perPaper = Math.max(40, Math.floor(budget / (papers.length + 1)));
  const lines = papers.map(({ title, body }) => {
    const point = firstSentences(body, perPaper, 1);
    return `- ${title}${point ? `: ${point}` : ""}`;
  });
  return [`Synthesis of ${papers.length} paper${papers.length === 1 ? "" : "s"}:`, ...lines].join("\n");
}

// ---------------------------------------------------------------------------
// Summaries (lessons 01, 10, 12) and the plain answer: the text's own first sentences.
// ---------------------------------------------------------------------------

function summarize(input: string, budget: number): string {
  const abstract = /^\s*Abstract:\s*([\s\S]*)$/im.exec(input);
  return firstSentences(abstract ? abstract[1]! : withoutInstructions(input), budget, 3) || "There is no text here to summarize.";
}

/** Drops the request's framing ("Summarize this text:", "Topic: ...") before the text itself. */
function withoutInstructions(input: string): string {
  const paragraphs = input.split(/\n\s*\n/);
  while (paragraphs.length > 1 && /:\s*$|^\s*\w+:\s*\S[^\n]*$/.test(paragraphs[0]!)) paragraphs.shift();
  // A heading line such as "Notes from the knowledge base:" right above the text.
  return paragraphs.join("\n\n").replace(/^[^\n]*:[ \t]*\n/, "");
}

/**
 * Up to `count` whole sentences that fit in `budget` characters. When not even the first
 * fits, it comes whole, and the maxTokens cut shows in the stop reason, as with a real model.
 */
function firstSentences(text: string, budget: number, count: number): string {
  // A sentence ends at . ! or ? before a space, so "0.10" and "v1.2" stay whole.
  const sentences = text.replace(/\s+/g, " ").trim().match(/\S.*?(?:[.!?]+(?= |$)|$)/g) ?? [];
  let result = "";
  for (const sentence of sentences.slice(0, count).map((s) => s.trim())) {
    const next = result ? `${result} ${sentence}` : sentence;
    if (next.length > budget) break;
    result = next;
  }
  return result || (sentences[0]?.trim() ?? "");
}

// ---------------------------------------------------------------------------
// Error explanations (lesson 09): where to look, since the model cannot know why.
// ---------------------------------------------------------------------------

function explainError(input: string): string {
  const error = withoutInstructions(input).trim().split("\n")[0]!.trim();
  const [, kind] = /^([\w.]+(?:Error|Exception)|E[A-Z]+)\b/.exec(error) ?? [];
  return [
    kind ? `${kind} is the kind of failure; the rest of "${error}" says what it hit.` : `The message "${error}" describes what the program hit.`,
    "Find the first line of your own code in the stack trace: the value or call used there is the place to check.",
    "Reproduce it with the smallest input you can, then fix the cause rather than catching the error.",
  ].join(" ");
}

// ---------------------------------------------------------------------------
// What every model does: stop at a stop sequence, and never exceed maxTokens.
// ---------------------------------------------------------------------------

function fitToRequest(text: string, request: CompletionRequest): CompletionResult {
  const stops = (request.stopSequences ?? []).map((stop) => text.indexOf(stop)).filter((at) => at >= 0);
  const stopped = stops.length > 0 ? text.slice(0, Math.min(...stops)) : text;
  const budget = request.maxTokens * CHARS_PER_TOKEN;
  if (stopped.length > budget) return { text: cutToWords(stopped, budget), stopReason: "maxTokens" };
  return { text: stopped, stopReason: stops.length > 0 ? "stopSequence" : "endTurn" };
}

function cutToWords(text: string, budget: number): string {
  const cut = text.slice(0, budget);
  const lastSpace = cut.lastIndexOf(" ");
  return lastSpace > budget / 2 ? cut.slice(0, lastSpace) : cut;
}
