// Lesson 07: one sampling call for all papers, or one per paper with a concurrency limit?
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 07
// Compare the two strategies with: npx tsx lessons/07-one-call-or-many/compare.ts
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** The most sampling requests this tool keeps in flight at once. */
export const MAX_IN_FLIGHT = 3;

export interface Paper {
  title: string;
  abstract: string;
}

// TODO 1: the concurrency limiter. Run task(item, index) for every item so that:
//   - at most `limit` tasks are running at any moment, and more than one when there are more items
//   - a new task starts as soon as a running one finishes
//   - the result array is in the ITEMS' order (results[index]), whatever order the tasks finish in
//   No library: a few "workers" that each take the next unclaimed index are enough.
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  void items;
  void limit;
  void task;
  throw new Error("TODO: mapWithLimit is not written yet (lessons/07-one-call-or-many/server.ts)");
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
      // TODO 2: a helper that sends one sampling request (systemPrompt + one user message) and
      //   returns the model's text, while counting for this tool call:
      //   - sampling_calls: how many requests it sent
      //   - characters: systemPrompt.length + the user message's text length, for every request
      //
      // TODO 3: strategy "single": ONE request whose user message holds every paper's title and abstract.
      //
      // TODO 4: strategy "per_paper": one request per paper (its title and abstract) through
      //   mapWithLimit(papers, MAX_IN_FLIGHT, ...), then ONE combining request that holds every
      //   paper's answer in the papers' order.
      //
      // TODO 5: return structuredContent { synthesis, sampling_calls, estimated_input_tokens }, where
      //   synthesis is the last answer's text and estimated_input_tokens = Math.ceil(characters / 4).
      void papers;
      void strategy;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: synthesize_papers is not written yet (lessons/07-one-call-or-many/server.ts)" }],
      };
    },
  );

  return server;
}
