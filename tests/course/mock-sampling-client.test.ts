// The mock sampling client is the grader's instrument: each scripted behaviour
// must reach a real server exactly as the real failure would.
import { afterEach, describe, expect, test, vi } from "vitest";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageResultSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { connectMockClient, LessonHangError, type MockOptions } from "../kit/mock-sampling-client.js";
import { MOCK_MODEL, replies } from "../kit/replies.js";
import { spyOnServerRequests } from "../kit/server-request-spy.js";

// A server whose tool reports, as JSON, what its sampling requests returned or threw.
function probeServer(requestsPerCall = 1, timeoutMs?: number): McpServer {
  const server = new McpServer({ name: "probe", version: "1.0.0" });
  server.registerTool("probe", { inputSchema: { text: z.string() } }, async ({ text }) => {
    const ask = async () => {
      try {
        const result = await server.server.createMessage(
          { messages: [{ role: "user", content: { type: "text", text } }], maxTokens: 10 },
          timeoutMs ? { timeout: timeoutMs } : undefined,
        );
        return { ok: result };
      } catch (error) {
        return { code: error instanceof McpError ? error.code : "not an McpError", message: (error as Error).message };
      }
    };
    const outcomes = await Promise.all(Array.from({ length: requestsPerCall }, ask));
    return { content: [{ type: "text", text: JSON.stringify(outcomes) }] };
  });
  return server;
}

async function probe(options: MockOptions, requestsPerCall = 1, timeoutMs?: number) {
  const mock = await connectMockClient(probeServer(requestsPerCall, timeoutMs), "probe.ts", options);
  const outcome = await mock.callTool("probe", { text: "hello" }, { timeoutMs: 5_000 });
  return { mock, outcomes: JSON.parse(outcome.text) as Array<{ ok?: any; code?: number; message?: string }> };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("scripted answers reach the server as the real thing would", () => {
  test("text: the server reads one text block and the model name", async () => {
    const { outcomes } = await probe({ replies: replies.text((params) => `echo ${params.maxTokens}`) });
    expect(outcomes[0]!.ok).toMatchObject({ model: MOCK_MODEL, role: "assistant", content: { type: "text", text: "echo 10" } });
  });

  test("image: a valid result with non-text content", async () => {
    const { outcomes } = await probe({ replies: replies.image() });
    expect(outcomes[0]!.ok.content.type).toBe("image");
  });

  test.each([
    ["fail", replies.fail("provider down"), ErrorCode.InternalError, /provider down/],
    ["reject", replies.reject(), -1, /User rejected sampling request/],
    ["timedOut", replies.timedOut(), ErrorCode.RequestTimeout, /timed out/i],
    ["malformed", replies.malformed(), ErrorCode.InvalidParams, /./],
  ])("%s arrives with the matching error code", async (_name, responder, code, message) => {
    const { outcomes } = await probe({ replies: responder });
    expect(outcomes[0]!.code).toBe(code);
    expect(outcomes[0]!.message).toMatch(message);
  });

  test("never: the server's own timeout fires (fake timers, no real waiting)", async () => {
    vi.useFakeTimers();
    const mock = await connectMockClient(probeServer(1, 30_000), "probe.ts", { replies: replies.never() });
    const call = mock.callTool("probe", { text: "hello" }, { timeoutMs: 120_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    const outcomes = JSON.parse((await call).text);
    expect(outcomes[0].code).toBe(ErrorCode.RequestTimeout);
    // Not asserted: the handler's signal. SDK 1.32 does not abort it when the very
    // first request (id 0) is cancelled, so the record can stay "pending".
    expect(mock.requests).toHaveLength(1);
  });

  test("after: answers once the (fake) delay has passed", async () => {
    vi.useFakeTimers();
    const mock = await connectMockClient(probeServer(), "probe.ts", { replies: replies.after(5_000, replies.text("late")) });
    const call = mock.callTool("probe", { text: "hello" }, { timeoutMs: 120_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(JSON.parse((await call).text)[0].ok.content.text).toBe("late");
  });
});

describe("recording", () => {
  test("a list of responders answers in order and the last one repeats", async () => {
    const { mock, outcomes } = await probe({ replies: [replies.text("one"), replies.text("two")] }, 3);
    expect(outcomes.map((o) => o.ok.content.text).sort()).toEqual(["one", "two", "two"]);
    expect(mock.requests.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(mock.requests.every((r) => r.params.maxTokens === 10 && r.outcome === "answered")).toBe(true);
  });

  test("concurrent requests are counted as concurrent", async () => {
    const held = replies.whenConcurrent(3, 1_000, replies.text("ok"));
    const { mock } = await probe({ replies: held }, 3);
    expect(mock.peakConcurrency).toBe(3);
    expect(held.met).toEqual([true, true, true]);
    expect(mock.requests[2]!.othersInFlight).toBe(2);
  });

  test("sequential requests are seen as one at a time", async () => {
    const server = new McpServer({ name: "sequential", version: "1.0.0" });
    server.registerTool("two", {}, async () => {
      for (const text of ["a", "b"]) {
        await server.server.createMessage({ messages: [{ role: "user", content: { type: "text", text } }], maxTokens: 5 });
      }
      return { content: [{ type: "text", text: "done" }] };
    });
    const held = replies.whenConcurrent(2, 20, replies.text("ok"));
    const mock = await connectMockClient(server, "sequential.ts", { replies: held });
    await mock.callTool("two", {});
    expect(mock.peakConcurrency).toBe(1);
    expect(held.met).toEqual([false, false]);
    expect(mock.requests[1]!.arrivedAt).toBeGreaterThanOrEqual(mock.requests[0]!.settledAt!);
  });
});

describe("hang detection", () => {
  test("a tool that never answers raises LessonHangError naming the file, and later calls fail fast", async () => {
    const server = new McpServer({ name: "stuck", version: "1.0.0" });
    server.registerTool("stuck", {}, () => new Promise<never>(() => {}));
    const mock = await connectMockClient(server, "lessons/xx/server.ts");
    await expect(mock.callTool("stuck", {}, { timeoutMs: 50 })).rejects.toThrow(LessonHangError);
    await expect(mock.callTool("stuck", {}, { timeoutMs: 50 })).rejects.toThrow(/earlier call \(stuck\) never answered/);
  });
});

describe("what the server asked", () => {
  test("a sampling request to a client without the capability is recorded and refused", async () => {
    const { mock, outcomes } = await probe({ sampling: false });
    expect(outcomes[0]!.code).toBe(ErrorCode.MethodNotFound);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.outcome).toBe("failed");
  });

  test("the request spy sees the options of either sampling API", async () => {
    const server = new McpServer({ name: "spied", version: "1.0.0" });
    server.registerTool("both", {}, async (extra) => {
      const params = { messages: [{ role: "user" as const, content: { type: "text" as const, text: "x" } }], maxTokens: 5 };
      await server.server.createMessage(params, { timeout: 1_234 });
      await extra.sendRequest({ method: "sampling/createMessage", params }, CreateMessageResultSchema, { timeout: 5_678 });
      return { content: [] };
    });
    const seen = spyOnServerRequests(server);
    const mock = await connectMockClient(server, "spied.ts");
    await mock.callTool("both", {});
    expect(seen.map((r) => [r.method, r.options?.timeout])).toEqual([
      ["sampling/createMessage", 1_234],
      ["sampling/createMessage", 5_678],
    ]);
  });
});
