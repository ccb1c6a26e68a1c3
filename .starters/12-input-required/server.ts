// Lesson 12: sampling in the 2026-07-28 era (SDK v2, input-required results).
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 12
import { randomBytes } from "node:crypto";
import {
  McpServer,
  createRequestStateCodec,
  inputRequired,
  inputResponse,
} from "@modelcontextprotocol/server";
import { z } from "zod";

export interface ServerDeps {
  /** HMAC key that signs requestState: at least 32 bytes, the same for every instance that can see a retry. */
  stateKey?: Uint8Array | string;
}

// TODO 1: a default signing key for when deps.stateKey is missing. Every createServer()
//   call in this process must get the SAME key (over HTTP, each round of a call reaches
//   a fresh server), and it must not be a constant written in this file. randomBytes(32)
//   at module level does both.

export function createServer(deps: ServerDeps = {}): McpServer {
  // TODO 2: build the codec with createRequestStateCodec({ key: ... }) (deps.stateKey, or
  //   your default from TODO 1), and pass { requestState: { verify: codec.verify } } as
  //   McpServer's second argument so the SDK refuses forged or expired state.
  const server = new McpServer({ name: "lesson-12-summarizer", version: "1.0.0" });

  server.registerTool(
    "summarize",
    {
      title: "Summarize text",
      description: "Summarizes a text with the connected client's model (sampling, 2026-07-28 style).",
      inputSchema: z.object({ text_to_summarize: z.string().describe("The text to summarize") }),
    },
    async ({ text_to_summarize }, ctx) => {
      // TODO 3 (the retry): inputResponse(ctx.mcpReq.inputResponses, "summary") tells you
      //   whether the client already brought the model's answer. When its kind is
      //   "sampling", return the text of result.content as the tool's text content, or
      //   { isError: true, content: [...] } when the content is not text.
      //
      // TODO 4 (the first call): return inputRequired({ ... }) with
      //   - inputRequests: { summary: inputRequired.createMessage({ ... }) }: one user message
      //     containing text_to_summarize, a systemPrompt, maxTokens: 1000
      //   - requestState: await codec.mint({ ... }), whatever the retry should be able to trust
      //
      // Do NOT call server.server.createMessage or ctx.mcpReq.requestSampling: on
      // 2026-07-28 a server cannot send requests to the client.
      void text_to_summarize;
      void ctx;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: summarize is not written yet (lessons/12-input-required/server.ts)" }],
      };
    },
  );

  return server;
}
