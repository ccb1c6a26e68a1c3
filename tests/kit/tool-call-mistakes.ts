// The mistakes a tool call shows by itself, named before any test reads its
// result: a sampling request the client's SDK refused as invalid (max_tokens for
// maxTokens), a tool that read its answer from a promise (a missing await), and
// a tool result the SDK rejected as the wrong shape (a string, content not an array).
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { mistake, type Mistake } from "./mistake.js";
import { readableSdkError, validationIssues, type ValidationIssue } from "./sdk-errors.js";
import type { ToolOutcome } from "./tool-calls.js";
import type { WireEntry } from "./wire-log.js";

interface Call {
  tool: string;
  file: string;
  /** What crossed the connection during the call. */
  wire: WireEntry[];
}

interface WireMessage {
  method?: string;
  params?: Record<string, unknown>;
}

/** The sampling requests the lesson sent during the call. */
function samplingRequests(wire: WireEntry[]): Record<string, unknown>[] {
  return wire.flatMap(({ direction, message }) => {
    const { method, params } = message as WireMessage;
    return direction === "from-lesson" && method === "sampling/createMessage" ? [params ?? {}] : [];
  });
}

/**
 * A sampling request the SDK's own schema refuses never reaches the model: the
 * client answers -32603 with zod's issues, and every later check would only see
 * "no request". Throws a Mistake naming the field and the SDK's reason.
 */
export function demandValidRequests({ tool, file, wire }: Call): void {
  for (const params of samplingRequests(wire)) {
    const parsed = CreateMessageRequestSchema.safeParse({ method: "sampling/createMessage", params });
    if (parsed.success) continue;
    const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const misspelt = issues.flatMap((issue) => misspelling(issue, params));
    throw mistake({
      problem: `${tool}'s sampling request was refused before it reached the model: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      expected: misspelt.length > 0 ? misspelt.map((m) => `${m.wanted}: ${m.kind}`).join(", ") : "params the SDK's CreateMessageRequest type accepts",
      received: misspelt.length > 0 ? Object.fromEntries(misspelt.map((m) => [m.written, params[m.written]])) : params,
      fix:
        misspelt.length > 0
          ? misspelt.map((m) => `write ${m.wanted}, not ${m.written}`).join("; ") + " (MCP's field names are camelCase; a provider API's are not)"
          : "give createMessage the fields its TypeScript type asks for (your editor underlines the wrong ones)",
      file,
    });
  }
}

/** A field the SDK misses ("params.maxTokens") and the one the student wrote instead ("max_tokens"). */
function misspelling(issue: ValidationIssue, params: Record<string, unknown>): { wanted: string; written: string; kind: string }[] {
  const [root, wanted] = issue.path.split(".");
  if (root !== "params" || !wanted || params[wanted] !== undefined) return [];
  const written = Object.keys(params).find((key) => key !== wanted && normalized(key) === normalized(wanted));
  const kind = /expected (\w+)/.exec(issue.message)?.[1] ?? "a value";
  return written ? [{ wanted, written, kind: /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}` }] : [];
}

const normalized = (name: string) => name.toLowerCase().replace(/[_-]/g, "");

/** What a tool says when it read a sampling answer off a promise: the promise has no content, text or model. */
const READ_FROM_PROMISE = /Cannot read properties of undefined \(reading '(type|text|content|model|stopReason)'\)|\[object Promise\]/;

/**
 * A tool that sent a sampling request and answered with a promise's missing
 * field did not wait for the answer. Throws a Mistake that says so.
 */
export function demandAwaited({ tool, file, wire }: Call, outcome: ToolOutcome): void {
  const symptom = READ_FROM_PROMISE.exec(outcome.text);
  if (!symptom || samplingRequests(wire).length === 0) return;
  throw mistake({
    problem: `${tool} returned before the answer arrived: add await`,
    expected: "const result = await server.server.createMessage({ ... }), then read result.content",
    received: outcome.text,
    fix: "await the sampling request (createMessage or sendRequest): without await, result is a pending Promise and result.content is undefined",
    file,
  });
}

/**
 * The outcome of a call whose result the SDK rejected as not a tool result.
 * The call itself happened (sampling checks still hold); reading its result
 * (text, isError, result, structured) throws a Mistake saying what shape was wrong.
 */
export function malformedOutcome({ tool, file }: Call, sdkMessage: string): ToolOutcome {
  const wrong = resultShapeMistake(tool, file, sdkMessage);
  const fail = (): never => {
    throw wrong;
  };
  return {
    get result() {
      return fail();
    },
    get text() {
      return fail();
    },
    get isError() {
      return fail();
    },
    get structured() {
      return fail();
    },
    progress: [],
  };
}

/** Whether an error is the SDK rejecting what a tool returned. */
export function isResultShapeError(error: unknown): boolean {
  return error instanceof Error && /Invalid tools\/call result/.test(error.message);
}

/** The mistake of returning something that is not a tool result, with the SDK's reason. */
export function resultShapeMistake(tool: string, file: string, sdkMessage: string): Mistake {
  const issues = validationIssues(sdkMessage) ?? [];
  return mistake({
    problem: `${tool} returned something that is not a tool result`,
    expected: '{ content: [{ type: "text", text: "..." }] } (content is an array of blocks; add isError: true for a failure)',
    received: issues.length > 0 ? issues.map((i) => `${i.path}: ${i.message}`).join("; ") : readableSdkError(sdkMessage),
    fix: fixFor(issues),
    file,
  });
}

function fixFor(issues: ValidationIssue[]): string {
  if (issues.some((i) => i.path === "(the value itself)")) return 'return { content: [{ type: "text", text }] }, not the text itself';
  if (issues.some((i) => i.path.startsWith("content"))) return 'content must be an array of blocks: content: [{ type: "text", text }]';
  return "return an object with a content array, as the lesson's README shows";
}

