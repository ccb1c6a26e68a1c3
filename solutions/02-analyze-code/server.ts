// Reference solution for lesson 02: a code-review tool with model preferences
// and a structured result that reports the model the client actually used.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const SYSTEM_PROMPT =
  "You are an expert code reviewer. Review the code for bugs, security issues and performance problems. " +
  "For each finding, name the line, explain the risk, and suggest a fix. Say so plainly if you find nothing.";

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-02-code-analyzer", version: "1.0.0" });

  server.registerTool(
    "analyze_code",
    {
      title: "Analyze code",
      description: "Reviews a code snippet for bugs, security and performance with the client's model.",
      inputSchema: { code_snippet: z.string().describe("The code to review") },
      outputSchema: {
        analysis: z.string().describe("The model's review"),
        model: z.string().describe("The model the client used"),
      },
    },
    async ({ code_snippet }) => {
      const result = await server.server.createMessage({
        systemPrompt: SYSTEM_PROMPT,
        messages: [
          { role: "user", content: { type: "text", text: `Review this code:\n\n\`\`\`\n${code_snippet}\n\`\`\`` } },
        ],
        maxTokens: 2000,
        modelPreferences: {
          hints: [{ name: "claude-sonnet" }, { name: "gpt-5" }],
          intelligencePriority: 0.9,
          speedPriority: 0.3,
          costPriority: 0.3,
        },
      });

      if (result.content.type !== "text") {
        return {
          isError: true,
          content: [{ type: "text", text: `Expected a text review, but the model sent ${result.content.type} content.` }],
        };
      }
      const structuredContent = { analysis: result.content.text, model: result.model };
      return { content: [{ type: "text", text: JSON.stringify(structuredContent) }], structuredContent };
    },
  );

  return server;
}
