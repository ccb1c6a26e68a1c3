// Reference solution for lesson 07: synthesize papers with one big sampling request,
// or with one request per paper (at most three at a time) and a combining request.
// The tool reports how many requests it sent and roughly how many input tokens they cost.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** The most sampling requests this tool keeps in flight at once. */
export const MAX_IN_FLIGHT = 3;

export interface Paper {
  title: string;
  abstract: string;
}

const SINGLE_PROMPT =
  "You are a research analyst. Synthesize the papers below: the key findings, where they agree or " +
  "disagree, the gaps, and promising directions. Refer to papers by number.";
const PAPER_PROMPT =
  "You are a research analyst. Summarize this one paper in two or three sentences: its question, " +
  "its method and its main finding.";
const COMBINE_PROMPT =
  "You are a research analyst. You receive numbered notes on several papers. Synthesize them: the " +
  "key findings, where they agree or disagree, the gaps, and promising directions. Refer to papers by number.";

/**
 * Runs `task` on every item with at most `limit` tasks running at once.
 * Results come back in the items' order, whatever order the tasks finish in.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  // Each worker takes the next unclaimed item as soon as its previous task ends,
  // so exactly `limit` tasks run while items remain.
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        next = items.length; // the others stop taking new items
        throw error;
      }
    }
  }
  const workers = Array.from({ length: Math.min(limit, items.length) }, () => worker());
  await Promise.all(workers);
  return results;
}

/** Sends sampling requests for one tool call and counts what they cost. */
function meteredSampler(server: McpServer) {
  let calls = 0;
  let characters = 0;
  return {
    async ask(systemPrompt: string, text: string, maxTokens: number): Promise<string> {
      calls += 1;
      characters += systemPrompt.length + text.length;
      const result = await server.server.createMessage({
        systemPrompt,
        messages: [{ role: "user", content: { type: "text", text } }],
        maxTokens,
      });
      if (result.content.type !== "text") {
        throw new Error(`the model answered with ${result.content.type} content instead of text`);
      }
      return result.content.text;
    },
    usage() {
      // About four characters per token for English text: an estimate, not a bill.
      return { sampling_calls: calls, estimated_input_tokens: Math.ceil(characters / 4) };
    },
  };
}

type Sampler = ReturnType<typeof meteredSampler>;

function numbered(papers: readonly Paper[], body: (paper: Paper, index: number) => string): string {
  return papers.map((paper, i) => `Paper ${i + 1}: ${paper.title}\n${body(paper, i)}`).join("\n\n");
}

function synthesizeInOneCall(sampler: Sampler, papers: readonly Paper[]): Promise<string> {
  return sampler.ask(SINGLE_PROMPT, numbered(papers, (paper) => paper.abstract), 1500);
}

async function synthesizePaperByPaper(sampler: Sampler, papers: readonly Paper[]): Promise<string> {
  const notes = await mapWithLimit(papers, MAX_IN_FLIGHT, (paper) =>
    sampler.ask(PAPER_PROMPT, `Title: ${paper.title}\n\nAbstract: ${paper.abstract}`, 300),
  );
  // notes[i] belongs to papers[i] because mapWithLimit keeps the input order.
  return sampler.ask(COMBINE_PROMPT, numbered(papers, (_paper, i) => notes[i]!), 1500);
}

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-07-one-call-or-many", version: "1.0.0" });

  server.registerTool(
    "synthesize_papers",
    {
      title: "Synthesize papers",
      description: "Synthesizes research papers with the client's model, in one request or one request per paper.",
      inputSchema: {
        papers: z.array(z.object({ title: z.string(), abstract: z.string() })).min(1).describe("The papers to synthesize"),
        strategy: z.enum(["per_paper", "single"]).describe("One request per paper then a combining one, or a single request"),
      },
      outputSchema: {
        synthesis: z.string(),
        sampling_calls: z.number(),
        estimated_input_tokens: z.number(),
      },
    },
    async ({ papers, strategy }) => {
      const sampler = meteredSampler(server);
      const synthesis =
        strategy === "single" ? await synthesizeInOneCall(sampler, papers) : await synthesizePaperByPaper(sampler, papers);
      const structuredContent = { synthesis, ...sampler.usage() };
      return { content: [{ type: "text", text: JSON.stringify(structuredContent) }], structuredContent };
    },
  );

  return server;
}
