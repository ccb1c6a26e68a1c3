// Each persona must reach a real server exactly as its client does: what it declares
// in initialize, and the error code a denial arrives with. A real SDK Client and
// McpServer over the SDK's in-memory transport; only the persona's data varies.
import { afterEach, describe, expect, test } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageRequestSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { PERSONA_NAMES, PERSONAS, isPersonaName, samples, type ClientPersona } from "../kit/personas.js";

const REQUEST = { messages: [{ role: "user" as const, content: { type: "text" as const, text: "hello" } }], maxTokens: 10 };

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** Connects a client that behaves as `persona`, whose person denies every request. */
async function connectDenying(persona: ClientPersona): Promise<McpServer> {
  const client = new Client(persona.clientInfo, { capabilities: persona.capabilities });
  if (samples(persona)) {
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      if (persona.deny) throw persona.deny();
      return { model: "agent-model", role: "assistant", content: { type: "text", text: "ran without asking" } };
    });
  }
  const server = new McpServer({ name: "persona-probe", version: "1.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  open.push(client);
  return server;
}

async function errorOf(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe.each(PERSONA_NAMES)("persona %s", (name) => {
  const persona = PERSONAS[name];

  test("the server reads the capabilities and client info the persona declares", async () => {
    const server = await connectDenying(persona);
    expect(server.server.getClientCapabilities()).toEqual(persona.capabilities);
    expect(server.server.getClientVersion()).toEqual(persona.clientInfo);
    expect(Boolean(server.server.getClientCapabilities()?.sampling?.tools)).toBe(persona.samplingTools);
  });

  test("cites the sources its behaviour was read from", () => {
    expect(persona.name).toBe(name);
    expect(persona.sources.length).toBeGreaterThan(0);
  });
});

describe("a denial reaches the server with the persona's code", () => {
  test.each(["spec", "vscode", "inspector"] as const)("%s", async (name) => {
    const persona = PERSONAS[name];
    const server = await connectDenying(persona);
    const error = await errorOf(server.server.createMessage(REQUEST));
    expect(error.code).toBe(persona.denial!.code);
    // Exactly one "MCP error <code>: " prefix, added by the server's SDK: the wire text is the client's own.
    expect(error.message).toBe(`MCP error ${persona.denial!.code}: ${persona.denial!.message}`);
  });

  test("the codes are the ones the clients' sources show", () => {
    expect(PERSONAS.spec.denial).toEqual({ code: -1, message: "User rejected sampling request" });
    expect(PERSONAS.vscode.denial).toEqual({ code: -32000, message: "The user has denied permission to call this method." });
    expect(PERSONAS.inspector.denial?.code).toBe(ErrorCode.InternalError);
  });

  test("Inspector throws a plain Error: the -32603 is the SDK's doing, as in the real client", () => {
    const error = PERSONAS.inspector.deny!();
    expect(error).not.toBeInstanceOf(McpError);
    expect("code" in error).toBe(false);
  });
});

describe("clients that nobody can deny", () => {
  test("no-sampling declares no sampling, and a request sent anyway gets -32601", async () => {
    const server = await connectDenying(PERSONAS["no-sampling"]);
    expect(server.server.getClientCapabilities()?.sampling).toBeUndefined();
    const error = await errorOf(server.server.createMessage(REQUEST));
    expect(error.code).toBe(ErrorCode.MethodNotFound);
  });

  test("auto-approve has no denial and answers every request without asking", async () => {
    const persona = PERSONAS["auto-approve"];
    expect(persona.deny).toBeUndefined();
    expect(persona.denial).toBeUndefined();
    expect(persona.humanInTheLoop).toBe("nobody");
    const server = await connectDenying(persona);
    const results = await Promise.all([server.server.createMessage(REQUEST), server.server.createMessage(REQUEST)]);
    expect(results.map((r) => r.content)).toEqual([
      { type: "text", text: "ran without asking" },
      { type: "text", text: "ran without asking" },
    ]);
  });
});

describe("model choice", () => {
  const models = ["gpt-4o", "claude-sonnet-4", "claude-sonnet-4-long-context"];
  const hints = [{ name: "Sonnet" }, { name: "gpt" }];

  test("spec: hints in order, case-sensitive substrings, else the default", () => {
    expect(PERSONAS.spec.chooseModel(hints, models)).toBe("gpt-4o");
    expect(PERSONAS.spec.chooseModel([{ name: "sonnet" }], models)).toBe("claude-sonnet-4");
    expect(PERSONAS.spec.chooseModel([{ name: "llama" }], models)).toBe("gpt-4o");
  });

  test("vscode: hint names only, case-insensitive, the longest matching id first", () => {
    expect(PERSONAS.vscode.chooseModel(hints, models)).toBe("claude-sonnet-4-long-context");
    expect(PERSONAS.vscode.chooseModel([{ name: "llama" }], models)).toBe("gpt-4o");
  });

  test("auto-approve and inspector ignore the hints", () => {
    expect(PERSONAS["auto-approve"].chooseModel(hints, models)).toBe("gpt-4o");
    expect(PERSONAS.inspector.chooseModel(hints, models)).toBe("gpt-4o");
  });
});

test("isPersonaName accepts exactly the persona names", () => {
  for (const name of PERSONA_NAMES) expect(isPersonaName(name)).toBe(true);
  expect(isPersonaName("claude-desktop")).toBe(false);
});
