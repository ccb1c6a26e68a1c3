// Lesson 01: your first sampling call.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 01
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-01-summarizer", version: "1.0.0" });

  server.registerTool(
    "summarize",
    {
      title: "Summarize text",
      description: "Summarizes a text with the connected client's model (MCP sampling).",
      inputSchema: { text_to_summarize: z.string().describe("The text to summarize") },
    },
    async ({ text_to_summarize }) => {
      // TODO 1: ask the client's model for a summary with server.server.createMessage({ ... }):
      //   - one user message whose text contains text_to_summarize
      //   - a systemPrompt that tells the model what role it plays
      //   - maxTokens: 1000
      //
      // TODO 2: the result's content is ONE block. If it is text, return it as the tool's
      //   text content. If it is anything else, return { isError: true, content: [...] }
      //   with a message saying what went wrong.
      void text_to_summarize;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: summarize is not written yet (lessons/01-first-sampling-call/server.ts)" }],
      };
    },
  );

  return server;
}
