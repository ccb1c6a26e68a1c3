// Reference solution for lesson 01: one tool, one sampling request.
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
      const result = await server.server.createMessage({
        systemPrompt:
          "You are a research assistant. Summarize the user's text in three to five sentences, " +
          "keeping its key findings and leaving out anything it does not say.",
        messages: [
          { role: "user", content: { type: "text", text: `Summarize this text:\n\n${text_to_summarize}` } },
        ],
        maxTokens: 1000,
      });

      // Without tools, content is a single block: text, image or audio.
      if (result.content.type !== "text") {
        return {
          isError: true,
          content: [
            { type: "text", text: `The client's model answered with ${result.content.type} content instead of text, so there is no summary.` },
          ],
        };
      }
      return { content: [{ type: "text", text: result.content.text }] };
    },
  );

  return server;
}
