// Reference solution for lesson 10: summarize a long text chunk by chunk, report progress
// to a caller who asked for it, and never ask the client's model the same question twice.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CreateMessageRequestParamsBase } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const SYSTEM_PROMPT =
  "You summarize one part of a longer document. Keep its facts, names and numbers; " +
  "leave out anything the part does not say. Answer in at most four sentences.";
const MAX_TOKENS = 400;

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-10-long-summarizer", version: "1.0.0" });
  // One cache per server: answers never leak between servers (or the users behind them).
  const cache = new Map<string, string>();

  /** Asks the client's model, unless this exact request was answered before. */
  async function sampleOnce(params: CreateMessageRequestParamsBase): Promise<{ text: string; cached: boolean }> {
    // The key is the whole request: a change to the prompt, the budget or the text is a different question.
    const key = JSON.stringify(params);
    const known = cache.get(key);
    if (known !== undefined) return { text: known, cached: true };

    const result = await server.server.createMessage(params);
    if (result.content.type !== "text") {
      throw new Error(`the client's model answered with ${result.content.type} content instead of text`);
    }
    cache.set(key, result.content.text);
    return { text: result.content.text, cached: false };
  }

  server.registerTool(
    "summarize_long",
    {
      title: "Summarize a long text",
      description: "Summarizes a long text chunk by chunk with the client's model, reporting progress as it goes.",
      inputSchema: { text: z.string().describe("The text to summarize; any length") },
      outputSchema: {
        summary: z.string(),
        chunks: z.number().int().describe("How many chunks the text was split into"),
        cached_chunks: z.number().int().describe("How many chunk summaries came from the cache"),
      },
    },
    async ({ text }, extra) => {
      const chunks = splitIntoChunks(text);
      if (chunks.length === 0) {
        return { isError: true, content: [{ type: "text", text: "There is no text to summarize." }] };
      }
      const progressToken = extra._meta?.progressToken;
      const summaries: string[] = [];
      let cachedChunks = 0;

      // One chunk at a time: a client may show each request to its user for approval,
      // and a steady sequence is easier to follow (and to stop) than a burst.
      for (const [index, chunk] of chunks.entries()) {
        const { text: summary, cached } = await sampleOnce({
          systemPrompt: SYSTEM_PROMPT,
          messages: [{ role: "user", content: { type: "text", text: `Summarize this part of a document:\n\n${chunk}` } }],
          maxTokens: MAX_TOKENS,
        });
        summaries.push(summary);
        if (cached) cachedChunks += 1;

        // Only a caller who sent a progress token is listening; the spec forbids inventing one.
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: "notifications/progress",
            params: {
              progressToken,
              progress: index + 1,
              total: chunks.length,
              message: `Summarized part ${index + 1} of ${chunks.length}${cached ? " (from cache)" : ""}`,
            },
          });
        }
      }

      // Concatenation keeps every part's facts and costs no extra request; see the README
      // for the trade-off against one more request that combines the parts.
      const structuredContent = { summary: summaries.join("\n\n"), chunks: chunks.length, cached_chunks: cachedChunks };
      return { content: [{ type: "text", text: structuredContent.summary }], structuredContent };
    },
  );

  return server;
}

// About 2000 characters (roughly 500 tokens) per chunk: small enough that a four-sentence
// summary keeps most of a chunk's detail, large enough that a 40-page report is ~50 requests.
const CHUNK_SIZE = 2000;

// Cut at paragraph breaks first, then at sentence ends, then at spaces, so no chunk ends
// in the middle of a word. A single "word" longer than CHUNK_SIZE stays whole.
const BOUNDARIES: Array<{ split: RegExp; join: string }> = [
  { split: /\n\s*\n/, join: "\n\n" },
  { split: /(?<=[.!?])\s+/, join: " " },
  { split: /\s+/, join: " " },
];

function splitIntoChunks(text: string, level = 0): string[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.length <= CHUNK_SIZE || level === BOUNDARIES.length) return [trimmed];
  const { split, join } = BOUNDARIES[level]!;
  const pieces = trimmed.split(split).flatMap((piece) => splitIntoChunks(piece, level + 1));
  return packPieces(pieces, join);
}

/** Joins neighbouring pieces while the result still fits in one chunk. */
function packPieces(pieces: string[], join: string): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const joined = current === "" ? piece : current + join + piece;
    if (joined.length <= CHUNK_SIZE) {
      current = joined;
    } else {
      if (current !== "") chunks.push(current);
      current = piece;
    }
  }
  if (current !== "") chunks.push(current);
  return chunks;
}
