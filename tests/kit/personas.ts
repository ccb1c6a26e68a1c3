// The real clients a student's server meets, each as its public source shows it
// (read 2026-11-28). Data plus small functions, so the mock client, the graded tests
// and the playground can each play a persona without knowing how the others are wired.
//
// A server cannot tell these clients apart by name (clientInfo is self-reported), only by
// what they declare and what they send back. That is what each definition records.
import { ErrorCode, McpError, type ClientCapabilities, type Implementation, type ModelHint } from "@modelcontextprotocol/sdk/types.js";
// The spec's rule (hints in order, substrings, else the default), shared with the playground.
import { chooseModel } from "../../scripts/playground/choose-model.js";

export const PERSONA_NAMES = ["spec", "vscode", "inspector", "no-sampling", "auto-approve"] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

/** Who, if anyone, sees a sampling request before the model runs. */
export type HumanInTheLoop =
  /** A person sees each request and may edit or deny it (what the spec asks for). */
  | "each-request"
  /** A person allows or refuses the server once; the choice is remembered and requests are never shown. */
  | "once-per-server"
  /** Nobody: the client's model answers at once. */
  | "nobody";

/** The error a denied request reaches the server's `createMessage` with, as it travels on the wire. */
export interface Denial {
  code: number;
  /** The JSON-RPC error message the client sends. The SDK's McpError on the server adds "MCP error <code>: " in front. */
  message: string;
}

export interface ClientPersona {
  name: PersonaName;
  /** The real clients this persona stands for. */
  clients: string;
  /** What the client introduces itself with in `initialize` (self-reported: never a basis for behaviour). */
  clientInfo: Implementation;
  /** What the client declares in `initialize`, as a server reads it from getClientCapabilities(). */
  capabilities: ClientCapabilities;
  humanInTheLoop: HumanInTheLoop;
  /** What the server sees when a person says no; undefined when nobody can say no. */
  denial?: Denial;
  /**
   * Raises that denial the way the client does, for a sampling handler to throw.
   * Undefined for a client that never denies (auto-approve) or never samples (no-sampling).
   */
  deny?: () => Error;
  /** Declares `sampling.tools`: a request may carry `tools` and `toolChoice`. */
  samplingTools: boolean;
  /** The model the client would run for a request's hints, given the models it has (the first is its default). */
  chooseModel(hints: readonly ModelHint[], models: readonly string[]): string;
  /** Other behaviour a server author should know, each from the source cited above the definition. */
  notes: readonly string[];
  /** Where each fact above was read. */
  sources: readonly string[];
}

/**
 * An SDK McpError whose wire message is exactly `message`. The SDK's McpError puts
 * "MCP error <code>: " in front of its message, and a client built on the SDK sends that
 * prefixed text; VS Code builds its errors without the SDK, so its wire text has no prefix.
 */
function wireError(code: number, message: string): McpError {
  const error = new McpError(code, message);
  error.message = message;
  return error;
}

/** No model of its own to choose: the client runs whatever it is configured with. */
function configuredModel(_hints: readonly ModelHint[], models: readonly string[]): string {
  return models[0]!;
}

// Spec 2025-11-25, client/sampling ("Error Handling": user rejected → -1) and the human-in-the-loop
// SHOULDs; ModelPreferences.hints in node_modules/@modelcontextprotocol/sdk/dist/esm/spec.types.d.ts.
// This is the course's mock client as it was before personas.
const spec: ClientPersona = {
  name: "spec",
  clients: "a client that follows the 2025-11-25 spec to the letter",
  clientInfo: { name: "course-mock-client", version: "1.0.0" },
  capabilities: { sampling: {} },
  humanInTheLoop: "each-request",
  denial: { code: -1, message: "User rejected sampling request" },
  deny: () => wireError(-1, "User rejected sampling request"),
  samplingTools: false,
  chooseModel,
  notes: [
    "The spec's -1 is a SHOULD: no client examined below sends it.",
    "Declaring sampling.tools is optional; this persona leaves it out, as most clients do (the mock adds it on request).",
  ],
  sources: [
    "https://modelcontextprotocol.io/specification/2025-11-25/client/sampling",
    "node_modules/@modelcontextprotocol/sdk/dist/esm/spec.types.d.ts (ModelPreferences.hints)",
  ],
};

// microsoft/vscode, src/vs/workbench/contrib/mcp/common/:
// - mcpServerRequestHandler.ts (commit c5308376f79a19368c9bd9dccc81090aa1bfcb79): initialize sends
//   clientInfo { name: productService.nameLong, version: productService.version } and capabilities
//   roots { listChanged }, sampling {} (no tools), elicitation { form, url }, tasks.
// - mcpTypes.ts: McpError.notAllowed() is code -32000 "The user has denied permission to call this method.";
//   any other failure is wrapped as -32603 "Unknown error: <stack>".
// - mcpSamplingService.ts (commit 0f0ed1a6af76ba357b5b622bc8d4d1495c9df29f): asks once per server and
//   context ("Allow in this Session" / "Always" / "Not Now" / "Never") and remembers the answer; never
//   shows the request itself; matches hint names case-insensitively against the allowed models (longest
//   id first) and ignores the priorities; reads each message's content as one block; sends no tools.
const vscode: ClientPersona = {
  name: "vscode",
  clients: "VS Code with GitHub Copilot",
  // The version is a stand-in: VS Code sends its own build's version.
  clientInfo: { name: "Visual Studio Code", version: "1.106.0" },
  capabilities: {
    roots: { listChanged: true },
    sampling: {},
    elicitation: { form: {}, url: {} },
  },
  humanInTheLoop: "once-per-server",
  denial: { code: -32000, message: "The user has denied permission to call this method." },
  deny: () => wireError(-32000, "The user has denied permission to call this method."),
  samplingTools: false,
  chooseModel(hints, models) {
    // The longest model id first, so that a hint matches the most specific model.
    const byLength = [...models].sort((a, b) => b.length - a.length);
    for (const { name } of hints) {
      const match = name ? byLength.find((model) => model.toLowerCase().includes(name.toLowerCase())) : undefined;
      if (match) return match;
    }
    return models[0]!;
  },
  notes: [
    "The person answers once per server (allow in this session, always, not now, never), not per request; the request is never shown to them.",
    "Model hints are matched by name only; costPriority, speedPriority and intelligencePriority are ignored.",
    "No sampling.tools: a request with tools is refused by the server's own SDK before it is sent.",
    "Each message's content is read as one block; a message whose content is an array is dropped.",
    "A model failure arrives as -32603 \"Unknown error: ...\" with a stack trace in the message.",
    "Also declares a tasks capability (list, cancel, requests.sampling.createMessage), omitted here: the v1 SDK's type does not list it.",
  ],
  sources: [
    "https://github.com/microsoft/vscode/blob/c5308376f79a19368c9bd9dccc81090aa1bfcb79/src/vs/workbench/contrib/mcp/common/mcpServerRequestHandler.ts",
    "https://github.com/microsoft/vscode/blob/0f0ed1a6af76ba357b5b622bc8d4d1495c9df29f/src/vs/workbench/contrib/mcp/common/mcpSamplingService.ts",
    "https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/mcpTypes.ts (McpError.notAllowed)",
  ],
};

// modelcontextprotocol/inspector, branch v1/main (the released 1.x web UI, commit cc416f0f93872cc1055c99495a904f9e8bc4df7f):
// - client/src/lib/hooks/useConnection.ts: new Client(CLIENT_IDENTITY, { capabilities: { sampling: {},
//   elicitation: { form, url }, roots: { listChanged }, tasks } }); the sampling handler waits for the UI.
// - client/src/lib/constants.ts: CLIENT_IDENTITY is the client package's name without its scope and its
//   version: "inspector-client", 1.0.1.
// - client/src/App.tsx, handleRejectSampling: reject(new Error("Sampling request rejected")). A plain Error
//   has no code, so the SDK's Protocol answers -32603 (InternalError) with the Error's message
//   (node_modules/@modelcontextprotocol/sdk/dist/esm/shared/protocol.js, the request handler's catch).
const inspector: ClientPersona = {
  name: "inspector",
  clients: "MCP Inspector",
  clientInfo: { name: "inspector-client", version: "1.0.1" },
  capabilities: {
    sampling: {},
    elicitation: { form: {}, url: {} },
    roots: { listChanged: true },
  },
  humanInTheLoop: "each-request",
  denial: { code: ErrorCode.InternalError, message: "Sampling request rejected" },
  // Exactly what Inspector throws: the -32603 comes from the SDK, not from Inspector.
  deny: () => new Error("Sampling request rejected"),
  samplingTools: false,
  chooseModel: configuredModel,
  notes: [
    "There is no model: the person types the whole result (model name, role, content) in the Sampling tab.",
    "A denial arrives as -32603, the code every other client uses for a failed model: only the message tells them apart.",
    "Also declares tasks (list, cancel, requests.sampling.createMessage), omitted here: the v1 SDK's type does not list it.",
  ],
  sources: [
    "https://github.com/modelcontextprotocol/inspector/blob/cc416f0f93872cc1055c99495a904f9e8bc4df7f/client/src/App.tsx",
    "https://github.com/modelcontextprotocol/inspector/blob/cc416f0f93872cc1055c99495a904f9e8bc4df7f/client/src/lib/hooks/useConnection.ts",
    "https://github.com/modelcontextprotocol/inspector/blob/cc416f0f93872cc1055c99495a904f9e8bc4df7f/client/src/lib/constants.ts",
  ],
};

// Claude Desktop and Cursor are closed source: there is no file to cite. Claude Code's sampling support
// is an open feature request (https://github.com/anthropics/claude-code/issues/1785). What the server
// sees is what any JSON-RPC peer without a handler answers; the SDK's Client answers -32601
// "Method not found" (node_modules/@modelcontextprotocol/sdk/dist/esm/shared/protocol.js, _onrequest).
const noSampling: ClientPersona = {
  name: "no-sampling",
  clients: "Claude Desktop, Claude Code, Cursor and other clients without sampling",
  clientInfo: { name: "no-sampling-client", version: "1.0.0" },
  capabilities: { roots: { listChanged: true } },
  humanInTheLoop: "nobody",
  samplingTools: false,
  chooseModel: configuredModel,
  notes: [
    "Declares no sampling capability: getClientCapabilities()?.sampling is undefined, and a server should not ask.",
    "A request sent anyway gets -32601 \"Method not found\" after a wasted round trip.",
    "Their clientInfo names are not given here: the sources are closed, and a server must not branch on the name anyway.",
  ],
  sources: ["https://github.com/anthropics/claude-code/issues/1785"],
};

// block/goose, crates/goose/src/agents/mcp_client.rs (commit bf62e2c7f5385cf69a71dde4288bac9044c5244f):
// create_message completes with the session's provider at once (no approval step), reads the first text
// block of each message, ignores modelPreferences, maxTokens and temperature, answers with the model it
// used, and turns a provider failure into -32603 "Unexpected error while completing the prompt".
// get_info introduces itself as "goose" (or the host's configured name) and declares sampling (no tools)
// and elicitation, protocol 2025-03-26.
// evalstate/fast-agent, src/fast_agent/mcp/mcp_agent_client_session.py (commit 0c1553b7eeb96e8ab2d211376cf69693630bd4c7):
// clientInfo "fast-agent-mcp", sampling { tools } when sampling is on (the default, auto_sampling);
// src/fast_agent/mcp/sampling.py: runs the configured model without asking, and on failure returns a
// normal result whose text is the error and whose stopReason is "error" (sampling_converter.py).
const autoApprove: ClientPersona = {
  name: "auto-approve",
  clients: "goose, fast-agent",
  // goose's identity and capabilities (the version is a stand-in for its build's own); fast-agent
  // differs only where the notes say.
  clientInfo: { name: "goose", version: "1.0.0" },
  // goose sends elicitation {}; the server's SDK reads an empty one as form support.
  capabilities: { sampling: {}, elicitation: { form: {} } },
  humanInTheLoop: "nobody",
  samplingTools: false,
  chooseModel: configuredModel,
  notes: [
    "Never denies: every request runs, so the server's own limits (timeouts, attempts, what it sends) are the only limits.",
    "Model preferences are ignored; the agent's configured model answers, and result.model names it.",
    "goose declares sampling without tools and ignores maxTokens; fast-agent introduces itself as \"fast-agent-mcp\" and declares sampling.tools.",
    "fast-agent reports a failed model as a successful result with stopReason \"error\" and the error as text: validate the reply.",
    "goose reports a failed model as -32603 \"Unexpected error while completing the prompt\".",
  ],
  sources: [
    "https://github.com/block/goose/blob/bf62e2c7f5385cf69a71dde4288bac9044c5244f/crates/goose/src/agents/mcp_client.rs",
    "https://github.com/evalstate/fast-agent/blob/0c1553b7eeb96e8ab2d211376cf69693630bd4c7/src/fast_agent/mcp/mcp_agent_client_session.py",
    "https://github.com/evalstate/fast-agent/blob/main/src/fast_agent/mcp/sampling.py",
    "https://github.com/evalstate/fast-agent/blob/main/src/fast_agent/llm/sampling_converter.py",
  ],
};

export const PERSONAS: Readonly<Record<PersonaName, ClientPersona>> = {
  spec,
  vscode,
  inspector,
  "no-sampling": noSampling,
  "auto-approve": autoApprove,
};

export function isPersonaName(name: string): name is PersonaName {
  return (PERSONA_NAMES as readonly string[]).includes(name);
}

/** Whether the persona answers sampling requests at all. */
export function samples(persona: ClientPersona): boolean {
  return persona.capabilities.sampling !== undefined;
}
