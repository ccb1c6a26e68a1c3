// Lesson 05: a production classifier. The sampling call is the easy part; this
// lesson is about everything around it: validation, retries, timeouts, fallbacks.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 05
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export const LABELS = ["invoice", "contract", "resume", "research_paper", "other"] as const;

/** The first try and two retries. */
const MAX_ATTEMPTS = 3;

export interface ClassifierDeps {
  /** Waits between attempts; tests pass one that records the delays and returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

// TODO 1: a SYSTEM_PROMPT that names every label in LABELS and asks for JSON only:
//   {"label": "<one of the labels>", "confidence": <number from 0 to 1>}

// TODO 2: a zod schema for the model's reply: label is one of LABELS (z.enum),
//   confidence is a number from 0 to 1.

const ClassifierOutput = {
  label: z.enum(LABELS),
  confidence: z.number().min(0).max(1),
  attempts: z.number().int().describe("Sampling requests sent for this call"),
  fallback: z.boolean().describe("true when no valid answer arrived and the label is a default"),
  reason: z.string().optional().describe("Why the fallback was used"),
};

type Output = { label: (typeof LABELS)[number]; confidence: number; attempts: number; fallback: boolean; reason?: string };

/** Wraps a classification (real or fallback) as the tool's result. */
function classificationResult(output: Output): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(output) }], structuredContent: output };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createServer(deps: ClassifierDeps = {}): McpServer {
  const sleep = deps.sleep ?? realSleep;
  const server = new McpServer({ name: "lesson-05-document-classifier", version: "1.0.0" });

  // TODO 3: write one attempt, e.g. async function attemptClassification(content): it sends ONE
  //   sampling request (system prompt, the document in a user message, a small maxTokens) with a
  //   per-attempt timeout in the request options: server.server.createMessage(params, { timeout: ... }).
  //   It reports one of three outcomes:
  //     - success: the reply is text, parses as JSON, and passes the TODO 2 schema
  //     - retryable failure: timeout (McpError code -32001), a failed model (-32603),
  //       non-text content, text that is not JSON, JSON that fails the schema
  //     - final failure: anything else, above all a person's no, which each client sends
  //       its own way: -1 (the spec), -32000 (VS Code), or -32603 with "rejected" or
  //       "denied" in its message (MCP Inspector: only the words tell it from a failed model)

  server.registerTool(
    "classify_document",
    {
      title: "Classify a document",
      description: `Labels a document as one of ${LABELS.join(", ")} with the client's model, with retries and a safe fallback.`,
      inputSchema: { content: z.string().describe("The document's text") },
      outputSchema: ClassifierOutput,
    },
    async ({ content }) => {
      // TODO 4: if the client did not declare sampling (server.server.getClientCapabilities()?.sampling),
      //   send nothing: return the fallback with a reason saying the client cannot sample.
      //
      // TODO 5: try at most MAX_ATTEMPTS times. Before each retry (never before the first attempt),
      //   back off with await sleep(delay): about a second first, growing each time
      //   (e.g. 1000 ms, then 2000 ms; sleep takes milliseconds). Stop at the first success,
      //   or at a final failure.
      //
      // TODO 6: return classificationResult({ label, confidence, attempts, fallback: false }) on success;
      //   otherwise the fallback classificationResult({ label: "other", confidence: 0, attempts,
      //   fallback: true, reason }), where reason says what went wrong (denied, timed out, not JSON...).
      //   Never throw: the caller gets an answer it can act on.
      void content;
      void sleep;
      void MAX_ATTEMPTS;
      void classificationResult;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: classify_document is not written yet (lessons/05-production-classifier/server.ts)" }],
      };
    },
  );

  return server;
}
