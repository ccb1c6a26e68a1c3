// Reference solution for lesson 06: a code review built from cheap deterministic
// stats and two sampling requests (security, performance) that run side by side.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** Each review is one sampling request; its system prompt is the only thing that differs. */
const REVIEWERS = {
  security:
    "You are an application security reviewer. Look only for security problems: injection, unsafe " +
    "deserialization or eval, secrets in code, missing input validation, path traversal. For each, " +
    "name the line, the risk and a fix. Say plainly if you find none.",
  performance:
    "You are a performance engineer. Look only for performance problems: needless work in loops, " +
    "poor algorithmic complexity, blocking I/O, repeated allocations. For each, name the line, the " +
    "cost and a faster alternative. Say plainly if you find none.",
} as const;

type Topic = keyof typeof REVIEWERS;
const TOPICS = Object.keys(REVIEWERS) as Topic[];

export interface CodeStats {
  lines: number;
  functions: number;
}

/** Line breaks, plus one for a last line that has no line break of its own. Blank lines count. */
export function countLines(code: string): number {
  const breaks = code.split("\n").length - 1;
  return code === "" || code.endsWith("\n") ? breaks : breaks + 1;
}

// `def name(` (Python), the `function` keyword (named or anonymous), and every `=>`.
// A regex, not a parser: words in comments and strings count too, and that is fine for a rough signal.
const FUNCTION_MARKERS = /\bdef\s+[A-Za-z_]\w*\s*\(|\bfunction\b|=>/g;

export function countFunctions(code: string): number {
  return code.match(FUNCTION_MARKERS)?.length ?? 0;
}

export function codeStats(code: string): CodeStats {
  return { lines: countLines(code), functions: countFunctions(code) };
}

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-06-code-review", version: "1.0.0" });

  async function review(topic: Topic, code: string): Promise<string> {
    const result = await server.server.createMessage({
      systemPrompt: REVIEWERS[topic],
      messages: [{ role: "user", content: { type: "text", text: `Review this code:\n\n\`\`\`\n${code}\n\`\`\`` } }],
      maxTokens: 1500,
    });
    if (result.content.type !== "text") {
      throw new Error(`the model answered with ${result.content.type} content instead of text`);
    }
    return result.content.text;
  }

  server.registerTool(
    "review_code",
    {
      title: "Review code",
      description: "Counts lines and functions, then asks the client's model for a security review and a performance review.",
      inputSchema: { code: z.string().describe("The code to review") },
      outputSchema: {
        stats: z.object({ lines: z.number(), functions: z.number() }),
        security: z.string().nullable(),
        performance: z.string().nullable(),
        errors: z.array(z.string()),
      },
    },
    async ({ code }) => {
      // Stats need no model: computed first, they survive any sampling failure.
      const stats = codeStats(code);

      // Both requests start before either is awaited, so the review takes as long as the
      // slower one, not the sum. allSettled (not all) keeps one failure from discarding the other.
      const outcomes = await Promise.allSettled(TOPICS.map((topic) => review(topic, code)));

      const reviews: Record<Topic, string | null> = { security: null, performance: null };
      const errors: string[] = [];
      outcomes.forEach((outcome, i) => {
        const topic = TOPICS[i]!;
        if (outcome.status === "fulfilled") reviews[topic] = outcome.value;
        else errors.push(`${topic}: ${messageOf(outcome.reason)}`);
      });

      const structuredContent = { stats, ...reviews, errors };
      return {
        content: [{ type: "text", text: JSON.stringify(structuredContent) }],
        structuredContent,
        // Only when no review came back is the call a failure; the stats are still sent.
        isError: errors.length === TOPICS.length,
      };
    },
  );

  return server;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
