// The SDK's error texts, made readable where a student sees them: it prefixes an
// McpError's message with "MCP error <code>: " each time the error is re-wrapped
// (a tool's failure reaches the client as "MCP error -32602: MCP error -32602: ..."),
// and a validation failure's message is zod's issue list as pretty-printed JSON.

export interface ValidationIssue {
  /** "params.maxTokens" ("(the value itself)" for the root). */
  path: string;
  message: string;
}

const DOUBLED_PREFIX = /(MCP error -?\d+: )(?:MCP error -?\d+: )+/g;

/** Keeps one "MCP error <code>: " where the SDK wrote it twice or more. */
export function undoubled(text: string): string {
  return text.replace(DOUBLED_PREFIX, "$1");
}

/** The zod issues a validation error's message carries, or undefined when it carries none. */
export function validationIssues(text: string): ValidationIssue[] | undefined {
  const start = text.indexOf("[");
  if (start < 0) return undefined;
  try {
    const issues = JSON.parse(text.slice(start, text.lastIndexOf("]") + 1)) as unknown;
    if (!Array.isArray(issues) || issues.length === 0) return undefined;
    if (!issues.every((issue) => typeof issue?.message === "string" && Array.isArray(issue.path))) return undefined;
    return issues.map((issue: { path: unknown[]; message: string }) => ({
      path: issue.path.length === 0 ? "(the value itself)" : issue.path.join("."),
      message: issue.message,
    }));
  } catch {
    return undefined;
  }
}

/** An SDK error text on one line: one prefix, and a zod dump as "path: message" pairs. */
export function readableSdkError(text: string): string {
  const single = undoubled(text);
  const issues = validationIssues(single);
  if (!issues) return single;
  const before = single.slice(0, single.indexOf("[")).trimEnd();
  return `${before} ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`.trim();
}
