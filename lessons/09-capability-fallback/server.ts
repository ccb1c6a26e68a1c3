// Lesson 09: sample when the client can, fall back when it cannot.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 09
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LlmProvider } from "../../lib/llm-provider.js";

export interface Deps {
  /** A provider the deployer configured, with its own credentials (never in this file). Default: none. */
  fallbackProvider?: LlmProvider;
}

export function createServer(deps: Deps = {}): McpServer {
  const server = new McpServer({ name: "lesson-09-error-explainer", version: "1.0.0" });
  const { fallbackProvider } = deps;

  server.registerTool(
    "explain_error",
    {
      title: "Explain an error message",
      description: "Explains an error message: with the client's model when it can sample, otherwise with a fallback.",
      inputSchema: { error_message: z.string().describe("The error message to explain") },
      outputSchema: {
        explanation: z.string(),
        path: z.enum(["sampling", "provider", "deterministic"]).describe("What produced the explanation"),
        fallback_reason: z.string().optional().describe("Why the client's model was not used"),
      },
    },
    async ({ error_message }) => {
      // TODO 1: if the client declared sampling (server.server.getClientCapabilities()?.sampling),
      //   ask its model: a systemPrompt, one user message containing error_message, a maxTokens.
      //   A text answer is the explanation, with path "sampling".
      //   Never send a sampling request to a client that did not declare sampling.
      //
      // TODO 2: if the client cannot sample, OR the sampling request failed (it threw, or the
      //   answer was not text), and the deployer configured fallbackProvider, call
      //   fallbackProvider.complete({ model: fallbackProvider.models[0], systemPrompt, messages, maxTokens }).
      //   Its text is the explanation, with path "provider". Never create a provider or write a key here.
      //
      // TODO 3: otherwise (or if the provider failed), use explainWithRules(error_message),
      //   with path "deterministic".
      //
      // TODO 4: return { content: [{ type: "text", text: explanation }], structuredContent }, where
      //   structuredContent is { explanation, path, fallback_reason? }: whenever the path is not
      //   "sampling", fallback_reason says why (no capability, the sampling error, no provider...).
      void fallbackProvider;
      void error_message;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: explain_error is not written yet (lessons/09-capability-fallback/server.ts)" }],
      };
    },
  );

  return server;
}

// Provided (you do not need to change it): the last resort, no model at all. Rules for errors
// developers meet every day, and an honest generic answer for the rest, so the same input
// always gets the same answer.
const KNOWN_ERRORS: Array<{ pattern: RegExp; explanation: string }> = [
  {
    pattern: /ENOENT|no such file or directory|FileNotFoundError/i,
    explanation:
      "The program tried to open a file or directory that does not exist. Check the path for typos, remember that " +
      "relative paths start from the current working directory, and make sure the file is created before it is read.",
  },
  {
    pattern: /EACCES|EPERM|permission denied|PermissionError/i,
    explanation:
      "The operating system refused the operation for lack of permissions. Check the file's owner and mode, avoid " +
      "writing to system folders, and use a port above 1024 unless the process may bind privileged ports.",
  },
  {
    pattern: /ECONNREFUSED|connection refused/i,
    explanation:
      "Nothing accepted the connection at that host and port. Start the service, check the host and port in your " +
      "configuration, and check that a firewall or container network is not in the way.",
  },
  {
    pattern: /EADDRINUSE|address already in use/i,
    explanation:
      "Another process already listens on that port. Stop the other process (often an earlier run of the same " +
      "program) or configure a different port.",
  },
  {
    pattern: /ETIMEDOUT|timed out|timeout/i,
    explanation:
      "An operation took longer than its time limit. The other side may be slow or unreachable; check connectivity, " +
      "then consider a longer timeout or a retry with backoff.",
  },
  {
    pattern: /Cannot find (module|package)|ModuleNotFoundError|No module named/i,
    explanation:
      "An import names a module that cannot be resolved. Install the dependency, check the spelling and the path, and " +
      "in Node ESM include the file extension (./util.js) in relative imports.",
  },
  {
    pattern: /Cannot read propert(y|ies) of (undefined|null)|'NoneType' object has no attribute|NullPointerException/i,
    explanation:
      "Code read a property of a value that was undefined or null. Find which variable in that expression is empty " +
      "and why: a missing return, a failed lookup, or data that has not loaded yet.",
  },
  {
    pattern: /is not a function|object is not callable/i,
    explanation:
      "Code called something that is not a function. Check the name and the import (default versus named export) " +
      "and that the value was not overwritten or left undefined.",
  },
  {
    pattern: /Maximum call stack size exceeded|RecursionError|StackOverflow/i,
    explanation:
      "A function kept calling itself (directly or through others) without reaching a base case. Find the recursive " +
      "call in the stack trace and check the condition that should stop it.",
  },
  {
    pattern: /SyntaxError|Unexpected token/i,
    explanation:
      "The parser met text it cannot read: a missing bracket or quote, a stray character, or JSON that is not valid " +
      "JSON. The line and column in the message point at or just after the problem.",
  },
];

function explainWithRules(errorMessage: string): string {
  const known = KNOWN_ERRORS.find(({ pattern }) => pattern.test(errorMessage));
  return (
    known?.explanation ??
    "No built-in rule matches this error. Read its first line for the error type, then the stack trace for the " +
      "first frame in your own code, and search for the exact message with the names specific to your code removed."
  );
}
