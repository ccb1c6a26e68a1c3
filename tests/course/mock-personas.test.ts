// The mock client plays a persona: the graded tests rely on it declaring what that
// client declares and denying as that client denies, and on it refusing to play a
// client that does not exist (VS Code with sampling.tools, goose saying no).
import { describe, expect, test } from "vitest";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { connectMockClient, type MockOptions } from "../kit/mock-sampling-client.js";
import { PersonaMismatch } from "../kit/persona-client.js";
import { PERSONA_NAMES, PERSONAS } from "../kit/personas.js";
import { replies } from "../kit/replies.js";

const REQUEST = { messages: [{ role: "user" as const, content: { type: "text" as const, text: "hello" } }], maxTokens: 10 };

/** Connects the mock to a bare server and returns what the server sees. */
async function connect(options: MockOptions) {
  const server = new McpServer({ name: "persona-probe", version: "1.0.0" });
  const mock = await connectMockClient(server, "probe.ts", options);
  return { server: server.server, mock };
}

/** The McpError a request that must fail failed with. */
const errorOf = (request: Promise<unknown>): Promise<McpError> =>
  request.then(
    (result) => expect.fail(`the request succeeded: ${JSON.stringify(result)}`),
    (error: unknown) => (expect(error).toBeInstanceOf(McpError), error as McpError),
  );

describe.each(PERSONA_NAMES)("the mock as %s", (name) => {
  test("introduces itself and declares capabilities as the persona does", async () => {
    const { server, mock } = await connect({ persona: name });
    expect(server.getClientVersion()).toEqual(PERSONAS[name].clientInfo);
    expect(server.getClientCapabilities()).toEqual(PERSONAS[name].capabilities);
    await mock.close();
  });
});

test("without a persona the mock is the spec-exact client it always was", async () => {
  const { server, mock } = await connect({});
  expect(server.getClientVersion()).toEqual({ name: "course-mock-client", version: "1.0.0" });
  expect(server.getClientCapabilities()).toEqual({ sampling: {} });
  await mock.close();
});

describe("replies.deny() arrives as the persona's client sends a denial", () => {
  test.each(["spec", "vscode", "inspector"] as const)("%s", async (name) => {
    const { denial } = PERSONAS[name];
    const { server, mock } = await connect({ persona: name, replies: replies.deny() });
    const error = await errorOf(server.createMessage(REQUEST));
    expect(error.code).toBe(denial!.code);
    // One "MCP error <code>: " prefix, the server SDK's own: the wire text is the client's.
    expect(error.message).toBe(`MCP error ${denial!.code}: ${denial!.message}`);
    expect(mock.requests.map((r) => r.outcome)).toEqual(["failed"]);
    await mock.close();
  });

  test("replies.reject() is the same denial", async () => {
    const { server, mock } = await connect({ persona: "vscode", replies: replies.reject() });
    expect((await errorOf(server.createMessage(REQUEST))).code).toBe(-32000);
    await mock.close();
  });

  test("a persona nobody can deny refuses a scripted denial at connect", async () => {
    await expect(connect({ persona: "auto-approve", replies: [replies.text("ok"), replies.deny()] })).rejects.toThrow(/never denies/);
  });
});

describe("the sampling option bends a persona only as its real client could", () => {
  test("no-sampling: a request sent anyway is recorded and refused with -32601", async () => {
    const { server, mock } = await connect({ persona: "no-sampling" });
    expect((await errorOf(server.createMessage(REQUEST))).code).toBe(ErrorCode.MethodNotFound);
    expect(mock.requests).toHaveLength(1);
    await mock.close();
  });

  test("sampling: false removes sampling and keeps the persona's other capabilities", async () => {
    const { server, mock } = await connect({ persona: "vscode", sampling: false });
    expect(server.getClientCapabilities()?.sampling).toBeUndefined();
    expect(server.getClientCapabilities()?.roots).toEqual({ listChanged: true });
    await mock.close();
  });

  test("spec with tools declares sampling.tools under its own name", async () => {
    const { server, mock } = await connect({ persona: "spec", sampling: { tools: true } });
    expect(server.getClientCapabilities()).toEqual({ sampling: { tools: {} } });
    expect(server.getClientVersion()?.name).toBe("course-mock-client");
    await mock.close();
  });

  test("auto-approve with tools is fast-agent, the auto-approving client that declares sampling.tools", async () => {
    const { server, mock } = await connect({ persona: "auto-approve", sampling: { tools: true } });
    expect(server.getClientCapabilities()?.sampling).toEqual({ tools: {} });
    expect(server.getClientVersion()?.name).toBe("fast-agent-mcp");
    await mock.close();
  });

  test.each(["vscode", "inspector", "no-sampling"] as const)("%s with tools is refused: its client never declares sampling.tools", async (name) => {
    await expect(connect({ persona: name, sampling: { tools: true } })).rejects.toThrow(PersonaMismatch);
  });

  test("no-sampling cannot be asked to sample", async () => {
    await expect(connect({ persona: "no-sampling", sampling: true })).rejects.toThrow(PersonaMismatch);
  });
});
