// Reference solution for lesson 05: a classifier that survives what sampling
// does in production: timeouts, prose instead of JSON, invented labels, a person's
// "no" from whichever client sent it, and clients that cannot sample at all.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export const LABELS = ["invoice", "contract", "resume", "research_paper", "other"] as const;

/** The first try and two retries. */
const MAX_ATTEMPTS = 3;
/**
 * Per attempt. The caller of classify_document waits 60 s by default (the SDK's
 * request timeout): three attempts and their backoff have to fit inside that.
 */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** Backoff before retry n (n = 1, 2): 1 s, then 2 s. */
const BASE_DELAY_MS = 1_000;

export interface ClassifierDeps {
  /** Waits between attempts; tests pass one that records the delays and returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

const SYSTEM_PROMPT =
  `You classify documents. Choose exactly one label from: ${LABELS.join(", ")}. ` +
  'Answer with JSON only, no prose and no code fence: {"label": "<one of the labels>", "confidence": <number from 0 to 1>}.';

/** What a reply must look like; anything else counts as a failed attempt. */
const ModelReply = z.object({
  label: z.enum(LABELS),
  confidence: z.number().min(0).max(1),
});
type Classification = z.infer<typeof ModelReply>;

const ClassifierOutput = {
  label: z.enum(LABELS),
  confidence: z.number().min(0).max(1),
  attempts: z.number().int().describe("Sampling requests sent for this call"),
  fallback: z.boolean().describe("true when no valid answer arrived and the label is a default"),
  reason: z.string().optional().describe("Why the fallback was used"),
};

type Attempt =
  | { ok: true; classification: Classification }
  | { ok: false; retryable: boolean; reason: string };

// Codes worth another try: the next attempt may well succeed. A person's no is a
// decision, and -32601 means the client cannot sample: retrying either only repeats
// the same answer (and asks the person again).
const RETRYABLE_CODES = new Set<number>([ErrorCode.RequestTimeout, ErrorCode.InternalError]);

/**
 * A person said no. The spec's -1; VS Code's -32000 (which the SDK also uses for a closed
 * connection, where a retry fails too); MCP Inspector's plain Error, which reaches us as
 * -32603 like a failed model, so only its message ("Sampling request rejected") tells them apart.
 */
function isRefusal(error: McpError): boolean {
  if (error.code === -1 || error.code === -32000) return true;
  return error.code === ErrorCode.InternalError && /\b(rejected|denied)\b/i.test(error.message);
}

function failedRequest(error: unknown): Attempt {
  if (error instanceof McpError) {
    if (isRefusal(error)) return { ok: false, retryable: false, reason: `the request was denied (${error.code}): ${error.message}` };
    return { ok: false, retryable: RETRYABLE_CODES.has(error.code), reason: `sampling failed (${error.code}): ${error.message}` };
  }
  return { ok: false, retryable: false, reason: `sampling failed: ${error instanceof Error ? error.message : String(error)}` };
}

/** Validates the model's text. Models like to wrap JSON in prose or fences, so read the outermost {...}. */
function parseReply(text: string): Attempt {
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, retryable: true, reason: `the reply was not JSON: ${JSON.stringify(text.slice(0, 80))}` };
  }
  const parsed = ModelReply.safeParse(value);
  if (!parsed.success) {
    return { ok: false, retryable: true, reason: `the reply did not match {label, confidence}: ${parsed.error.issues[0]?.message}` };
  }
  return { ok: true, classification: parsed.data };
}

function backoffDelay(retry: number): number {
  return BASE_DELAY_MS * 2 ** (retry - 1);
}

function classificationResult(output: Classification & { attempts: number; fallback: boolean; reason?: string }): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(output) }], structuredContent: output };
}

function fallbackResult(attempts: number, reason: string): CallToolResult {
  // A usable answer the caller can branch on, not an exception: "other" with no confidence.
  return classificationResult({ label: "other", confidence: 0, attempts, fallback: true, reason });
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createServer(deps: ClassifierDeps = {}): McpServer {
  const sleep = deps.sleep ?? realSleep;
  const server = new McpServer({ name: "lesson-05-document-classifier", version: "1.0.0" });

  async function attemptClassification(content: string): Promise<Attempt> {
    try {
      const result = await server.server.createMessage(
        {
          systemPrompt: SYSTEM_PROMPT,
          messages: [{ role: "user", content: { type: "text", text: `Classify this document:\n\n${content}` } }],
          maxTokens: 200,
          temperature: 0,
        },
        { timeout: ATTEMPT_TIMEOUT_MS },
      );
      if (result.content.type !== "text") {
        return { ok: false, retryable: true, reason: `the model answered with ${result.content.type} content, not text` };
      }
      return parseReply(result.content.text);
    } catch (error) {
      return failedRequest(error);
    }
  }

  server.registerTool(
    "classify_document",
    {
      title: "Classify a document",
      description: `Labels a document as one of ${LABELS.join(", ")} with the client's model, with retries and a safe fallback.`,
      inputSchema: { content: z.string().describe("The document's text") },
      outputSchema: ClassifierOutput,
    },
    async ({ content }) => {
      // Asking a client that cannot sample only earns a -32601: decide before sending anything.
      if (!server.server.getClientCapabilities()?.sampling) {
        return fallbackResult(0, "the client does not support sampling (no sampling capability declared)");
      }

      let reason = "";
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        if (attempt > 1) await sleep(backoffDelay(attempt - 1));
        const outcome = await attemptClassification(content);
        if (outcome.ok) return classificationResult({ ...outcome.classification, attempts: attempt, fallback: false });
        reason = `attempt ${attempt}: ${outcome.reason}`;
        if (!outcome.retryable) return fallbackResult(attempt, reason);
      }
      return fallbackResult(MAX_ATTEMPTS, `gave up after ${MAX_ATTEMPTS} attempts; ${reason}`);
    },
  );

  return server;
}
