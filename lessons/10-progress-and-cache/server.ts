// Lesson 10: long texts, progress notifications and a cache.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 10
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-10-long-summarizer", version: "1.0.0" });
  // TODO 1: create the cache here, inside createServer(), so each server has its own:
  //   for example a Map from a request key to the model's answer text.

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
      // TODO 2: for each chunk, build the sampling params: a systemPrompt, one user message
      //   containing the chunk, a maxTokens. Key the cache on the WHOLE params
      //   (JSON.stringify(params)), not on the chunk alone. A known key: use the stored answer
      //   and count the chunk as cached. Otherwise: server.server.createMessage(params), and
      //   store the answer if it is text.
      //
      // TODO 3: after each chunk, if the caller sent a progress token (extra._meta?.progressToken),
      //   send extra.sendNotification({ method: "notifications/progress", params: { progressToken,
      //   progress, total, message } }): progress = chunks finished so far, total = chunks.length,
      //   message = a short sentence for a person. Without a token, send nothing.
      //
      // TODO 4: return { content: [{ type: "text", text: summary }], structuredContent } with
      //   structuredContent { summary, chunks: chunks.length, cached_chunks }.
      void chunks;
      void extra;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: summarize_long is not written yet (lessons/10-progress-and-cache/server.ts)" }],
      };
    },
  );

  return server;
}

// Provided (you do not need to change it): the chunker.
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
