// Lesson 02: analyze code with a reviewer's prompt, model preferences and a typed result.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 02
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-02-code-analyzer", version: "1.0.0" });

  server.registerTool(
    "analyze_code",
    {
      title: "Analyze code",
      description: "Reviews a code snippet for bugs, security and performance with the client's model.",
      inputSchema: { code_snippet: z.string().describe("The code to review") },
      // TODO 1: declare an outputSchema with two string fields: analysis and model.
    },
    async ({ code_snippet }) => {
      // TODO 2: send one sampling request with:
      //   - a systemPrompt for a code reviewer who looks for bugs, security issues and performance problems
      //   - one user message containing code_snippet
      //   - maxTokens: 2000
      //   - modelPreferences: at least one hint ({ name: "..." }) and an intelligencePriority from 0 to 1
      //
      // TODO 3: return structuredContent { analysis, model }, where analysis is the model's text and
      //   model is result.model (never a name you typed yourself). Non-text content is an error result.
      void code_snippet;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: analyze_code is not written yet (lessons/02-analyze-code/server.ts)" }],
      };
    },
  );

  return server;
}
