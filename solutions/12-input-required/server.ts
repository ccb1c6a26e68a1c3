// Reference solution for lesson 12: lesson 01's summarize, written once in the
// 2026-07-28 style. The tool never sends a request to the client: it returns an
// input-required result, and the client comes back with the model's answer.
import { createHash, randomBytes } from "node:crypto";
import {
  McpServer,
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  type CallToolResult,
  type CreateMessageResult,
  type CreateMessageResultWithTools,
} from "@modelcontextprotocol/server";
import { z } from "zod";

export interface ServerDeps {
  /** HMAC key that signs requestState: at least 32 bytes, the same for every instance that can see a retry. */
  stateKey?: Uint8Array | string;
}

// Every round of a call may reach a different McpServer (over HTTP, each request
// gets a fresh one from createServer), so the default key belongs to the process,
// not to one instance. A deployment with several processes passes a shared secret.
const processStateKey = randomBytes(32);

/** The key of the one embedded request; the retry's answer comes back under it. */
const SUMMARY = "summary";

const SYSTEM_PROMPT =
  "You write summaries for researchers. Summarize the user's text in three to five sentences, " +
  "keep its main findings and numbers, and add nothing the text does not say.";

/** What the first round remembers: which text it asked the model about. */
interface SummaryState {
  textSha256: string;
}

export function createServer(deps: ServerDeps = {}): McpServer {
  // Signed, not encrypted: the client can read the state, but not change it unnoticed.
  const codec = createRequestStateCodec<SummaryState>({ key: deps.stateKey ?? processStateKey, ttlSeconds: 600 });
  const server = new McpServer(
    { name: "lesson-12-summarizer", version: "1.0.0" },
    // The SDK runs verify on every echoed state before the handler: a forged or
    // expired one is refused with -32602 and the handler never sees it.
    { requestState: { verify: codec.verify } },
  );

  server.registerTool(
    "summarize",
    {
      title: "Summarize text",
      description: "Summarizes a text with the connected client's model (sampling, 2026-07-28 style).",
      inputSchema: z.object({ text_to_summarize: z.string().describe("The text to summarize") }),
    },
    async ({ text_to_summarize }, ctx) => {
      const answer = inputResponse(ctx.mcpReq.inputResponses, SUMMARY);
      const state = ctx.mcpReq.requestState<SummaryState>();
      // Use an answer only if our own signed state says it answers this very text:
      // a retry that swapped the arguments starts over instead.
      if (answer.kind === "sampling" && state?.textSha256 === sha256(text_to_summarize)) {
        return summaryFrom(answer.result);
      }
      return inputRequired({
        inputRequests: {
          [SUMMARY]: inputRequired.createMessage({
            systemPrompt: SYSTEM_PROMPT,
            messages: [{ role: "user", content: { type: "text", text: `Summarize this text:\n\n${text_to_summarize}` } }],
            maxTokens: 1000,
          }),
        },
        requestState: await codec.mint({ textSha256: sha256(text_to_summarize) }),
      });
    },
  );

  return server;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Without tools the answer's content is one block; only text makes a summary. */
function summaryFrom(result: CreateMessageResult | CreateMessageResultWithTools): CallToolResult {
  const { content } = result;
  if (!Array.isArray(content) && content.type === "text") {
    return { content: [{ type: "text", text: content.text }] };
  }
  const kind = Array.isArray(content) ? "several blocks" : `${content.type} content`;
  return {
    isError: true,
    content: [{ type: "text", text: `The client's model answered with ${kind} instead of text, so there is no summary.` }],
  };
}
