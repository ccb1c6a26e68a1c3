// `npm run play` end to end, as separate processes: a lesson's real server over
// stdio, the person's answers piped on stdin, and the models: the offline course
// model, or an OpenAI-compatible fake on a loopback port. No test touches the network.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { LESSON_TESTS_DIR } from "../../scripts/course-paths.js";
import { loadCatalog } from "../../scripts/grader/catalog.js";
import { json, startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { runPlay } from "./support/run-play.js";

// Each run starts two Node processes (the playground, the lesson's server) on a busy machine.
const SLOW = 60_000;
const KEY = "sk-test-play-0123456789-SECRET";
const TEXT = "Sampling lets a server use the client's model. The client keeps the key. A person approves each request.";
const SUMMARIZE_01 = ["01", "summarize", JSON.stringify({ text_to_summarize: TEXT }), "--solutions"];

let fake: FakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("with the offline course model", () => {
  test(
    "--yes: shows the request and the reply, then prints the tool's result",
    async () => {
      const run = await runPlay([...SUMMARIZE_01, "--yes"]);
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Sampling request 1 from the server/);
      expect(run.stdout).toMatch(/System prompt: You are a research assistant/);
      expect(run.stdout).toMatch(/maxTokens: 1000/);
      expect(run.stdout).toMatch(/Model that will run: course-model-1/);
      expect(run.stdout).toMatch(/Reply 1 from course-model-1 \(endTurn\)/);
      expect(run.stdout).toMatch(/Result of summarize[─ ]*\nSampling lets a server use the client's model\./);
    },
    SLOW,
  );

  test(
    "piped answers: a approves the request, y sends the reply back",
    async () => {
      const run = await runPlay(SUMMARIZE_01, { stdin: "a\ny\n" });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/\[a\]pprove, \[e\]dit, \[d\]eny\? a\n/);
      expect(run.stdout).toMatch(/Send this reply to the server\? \[Y\/n\] y\n/);
      expect(run.stdout).toMatch(/Result of summarize/);
    },
    SLOW,
  );

  test(
    "d denies: no model runs, and the tool reports the spec's rejection (-1), the default client's",
    async () => {
      const run = await runPlay(SUMMARIZE_01, { stdin: "d\n" });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/Denied request 1/);
      expect(run.stdout).not.toMatch(/Reply 1/);
      expect(run.stdout).toMatch(/summarize reported an error[─ ]*\n.*User rejected sampling request/);
    },
    SLOW,
  );

  test(
    "the end of stdin counts as deny, also for the reply",
    async () => {
      const run = await runPlay(SUMMARIZE_01, { stdin: "a\n" });
      expect(run.stdout).toMatch(/Reply 1 from course-model-1/);
      expect(run.stdout).toMatch(/\[Y\/n\] \(end of input\)\nDenied reply 1/);
      expect(run.stdout).toMatch(/User rejected sampling request/);
      expect(run.code).toBe(1);
    },
    SLOW,
  );

  test(
    "--command attaches to a server the student did not write",
    async () => {
      const code = "def run(q):\n    return eval(q)\n";
      const run = await runPlay([
        "--command",
        "node --import tsx scripts/serve.ts 02 --solutions",
        "analyze_code",
        JSON.stringify({ code_snippet: code }),
        "--yes",
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Server: "node --import tsx scripts\/serve\.ts 02 --solutions"/);
      expect(run.stdout).toMatch(/structuredContent: \{\n {2}"analysis": "Findings:\\n1\. \[security\] line 2: eval/);
      expect(run.stdout).toMatch(/"model": "course-model-1"/);
    },
    SLOW,
  );

  test(
    "a server that exits before answering is reported, with exit status 1",
    async () => {
      const run = await runPlay(["--command", "node -e 'process.exit(3)'", "anything"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/stopped before it answered/);
    },
    SLOW,
  );
});

describe("every lesson with a server and tests plays with its reference solution, offline", () => {
  // Arguments by name, as the exercise contract fixes them: a new lesson that reuses a
  // name plays with no change here; one with a new name fails below and says so.
  const SAMPLE_ARGUMENTS: Record<string, unknown> = {
    text_to_summarize: TEXT,
    code_snippet: "for a in xs:\n    for b in ys:\n        print(eval(a + b))\n",
    code: "function f(xs) {\n  for (const a of xs) {\n    for (const b of xs) console.log(eval(a + b));\n  }\n}\n",
    topic: "model context protocol",
    max_results: 2,
    papers: [
      { title: "Paper A", abstract: "A finds that sampling keeps keys on the client. It measures latency." },
      { title: "Paper B", abstract: "B finds that few clients support sampling." },
    ],
    strategy: "per_paper",
    content: "INVOICE 42. Bill to: ACME. Amount due: 120 EUR, payment within 30 days.",
    error_message: "TypeError: Cannot read properties of undefined (reading 'map')",
    text: `${TEXT}\n\n${TEXT}`,
    question: "What does sampling let a server do?",
  };
  const lessons = loadCatalog().filter(
    (lesson) => (lesson.kind ?? "server") === "server" && existsSync(path.join(LESSON_TESTS_DIR, `${lesson.id}.test.ts`)),
  );
  const calls = lessons.flatMap((lesson) => Object.entries(lesson.tools).map(([tool, names]) => ({ lesson: lesson.id, tool, names })));

  test.each(calls)(
    "$lesson: $tool",
    async ({ lesson, tool, names }) => {
      const unknown = names.filter((name) => !(name in SAMPLE_ARGUMENTS));
      expect(unknown, `add sample values for ${unknown.join(", ")} to SAMPLE_ARGUMENTS in this file`).toEqual([]);
      const args = Object.fromEntries(names.map((name) => [name, SAMPLE_ARGUMENTS[name]]));
      const run = await runPlay([lesson.slice(0, 2), tool, JSON.stringify(args), "--solutions", "--yes", "--offline"]);
      expect(run.stdout + run.stderr).toMatch(/Sampling request 1 from the server/);
      expect(run.stdout).toMatch(new RegExp(`Result of ${tool}`));
      expect(run.code).toBe(0);
    },
    SLOW,
  );
});

describe("with an OpenAI-compatible server (a loopback fake)", () => {
  const CODE = JSON.stringify({ code_snippet: "x = eval(input())" });

  test(
    "the request carries the system prompt, maxTokens and the model picked by hint; the reply comes back",
    async () => {
      fake = await startFakeProvider(json(200, { choices: [{ message: { content: "Line 1 uses eval: unsafe." }, finish_reason: "stop" }] }));
      const run = await runPlay(
        ["02", "analyze_code", CODE, "--solutions", "--yes", "--provider", "openai", "--base-url", `${fake.origin}/v1`, "--model", "m,gpt-5-mini"],
        { env: { OPENAI_API_KEY: KEY } },
      );
      expect(run.code).toBe(0);
      const [sent] = fake.requests;
      expect(sent).toMatchObject({ path: "/v1/chat/completions", headers: { authorization: `Bearer ${KEY}` } });
      expect(sent!.body).toMatchObject({ model: "gpt-5-mini", max_tokens: 2000 });
      expect((sent!.body.messages as Array<{ role: string; content: string }>)[0]).toMatchObject({
        role: "system",
        content: expect.stringMatching(/code reviewer/),
      });
      expect(run.stdout).toMatch(/"analysis": "Line 1 uses eval: unsafe\."/);
      expect(run.stdout).toMatch(/"model": "gpt-5-mini"/);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    },
    SLOW,
  );

  test(
    "e edits the request: the model gets the new system prompt and maxTokens",
    async () => {
      fake = await startFakeProvider(json(200, { choices: [{ message: { content: "Short." }, finish_reason: "stop" }] }));
      const run = await runPlay([...SUMMARIZE_01, "--provider", "openai", "--base-url", `${fake.origin}/v1`, "--model", "local-model"], {
        stdin: "e\nAnswer in one line.\n50\ny\n",
      });
      expect(run.code).toBe(0);
      expect(fake.requests[0]!.headers.authorization).toBeUndefined();
      expect(fake.requests[0]!.body).toMatchObject({
        model: "local-model",
        max_tokens: 50,
        messages: [{ role: "system", content: "Answer in one line." }, { role: "user", content: expect.stringContaining(TEXT) }],
      });
      expect(run.stdout).toMatch(/Result of summarize[─ ]*\nShort\./);
    },
    SLOW,
  );

  test(
    "a provider error is shown to the person without the key; the server only learns which provider failed",
    async () => {
      fake = await startFakeProvider(json(401, { error: { message: `Incorrect API key provided: ${KEY}` } }));
      const run = await runPlay([...SUMMARIZE_01, "--yes", "--provider", "openai", "--base-url", `${fake.origin}/v1`, "--model", "m"], {
        env: { OPENAI_API_KEY: KEY },
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/Request 1 failed: openai answered HTTP 401: Incorrect API key provided: \[redacted\]/);
      expect(run.stdout).toMatch(/summarize reported an error[─ ]*\n.*The openai provider failed to complete the sampling request\./);
      expect(run.stdout).not.toMatch(/summarize reported an error[\s\S]*Incorrect API key/);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    },
    SLOW,
  );
});

describe("--as plays a real client (tests/kit/personas.ts)", () => {
  const CLASSIFY_05 = ["05", "classify_document", JSON.stringify({ content: "INVOICE #12. Amount due: 400 EUR." }), "--solutions"];

  test(
    "vscode: declares sampling without tools, asks once per server, and a refusal reaches the server as -32000",
    async () => {
      const run = await runPlay([...CLASSIFY_05, "--as", "vscode"], { stdin: "n\n" });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Client: vscode \(VS Code with GitHub Copilot\).*declares capabilities \{[^\n]*"sampling":\{\}/);
      expect(run.stdout).not.toMatch(/\[a\]pprove, \[e\]dit/);
      expect(run.stdout).toMatch(/Allow MCP server .* to make LLM requests\? \[a\]llow in this session, \[n\]ever n\n/);
      expect(run.stdout).toMatch(/Denied request 1: the server gets error -32000 "The user has denied permission to call this method\."/);
      // The reference classifier takes the refusal as final: no second request, a fallback naming the code.
      expect(run.stdout).not.toMatch(/Sampling request 2/);
      expect(run.stdout).toMatch(/"fallback": true[\s\S]*"reason": "[^"]*-32000/);
    },
    SLOW,
  );

  test(
    "vscode: once allowed, later requests and replies go through without a question",
    async () => {
      const code = "function a() {}\nconst b = () => 1;\n";
      const run = await runPlay(["06", "review_code", JSON.stringify({ code }), "--solutions", "--as", "vscode"], { stdin: "a\n" });
      expect(run.code).toBe(0);
      expect(run.stdout.match(/Allow MCP server/g)).toHaveLength(1);
      expect(run.stdout).toMatch(/Sampling request 2/);
      expect(run.stdout).toMatch(/Already allowed for this server: not asked again/);
      expect(run.stdout).not.toMatch(/Send this reply to the server/);
      expect(run.stdout).toMatch(/Result of review_code/);
    },
    SLOW,
  );

  test(
    "inspector: a person reviews each request, and a denial reaches the server as -32603",
    async () => {
      const run = await runPlay([...SUMMARIZE_01, "--as", "inspector"], { stdin: "d\n" });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/\[a\]pprove, \[e\]dit, \[d\]eny\? d\n/);
      expect(run.stdout).toMatch(/Denied request 1: the server gets error -32603 "Sampling request rejected"/);
      expect(run.stdout).toMatch(/summarize reported an error[─ ]*\nMCP error -32603: Sampling request rejected/);
    },
    SLOW,
  );

  test(
    "no-sampling: declares no sampling; a server that asks anyway gets -32601, one that checks never asks",
    async () => {
      const asks = await runPlay([...SUMMARIZE_01, "--as", "no-sampling"]);
      expect(asks.stdout).toMatch(/Client: no-sampling .*declares capabilities \{"roots":\{"listChanged":true\}\}, never denies/);
      expect(asks.stdout).toMatch(/The server sent sampling\/createMessage/);
      expect(asks.stdout).toMatch(/summarize reported an error[─ ]*\nMCP error -32601: Method not found/);
      expect(asks.code).toBe(1);

      const checks = await runPlay(["09", "explain_error", JSON.stringify({ error_message: "ENOENT: no such file" }), "--solutions", "--as", "no-sampling"]);
      expect(checks.code).toBe(0);
      expect(checks.stdout).not.toMatch(/The server sent sampling\/createMessage/);
      expect(checks.stdout).toMatch(/"path": "deterministic"/);
    },
    SLOW,
  );

  test(
    "auto-approve: nobody is asked, not even with stdin closed",
    async () => {
      const run = await runPlay([...SUMMARIZE_01, "--as", "auto-approve"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Run without asking anyone: goose, fast-agent have no approval step/);
      expect(run.stdout).not.toMatch(/\[a\]pprove|\[Y\/n\]|Denied/);
      expect(run.stdout).toMatch(/Result of summarize/);
    },
    SLOW,
  );
});

describe("usage errors exit with status 2 before starting anything", () => {
  test.each([
    [["03", "anything"], /Lesson 03 has no server to play with: you write the client side \(client\.ts\)/],
    [["42", "x"], /no lesson "42"/],
    [["01"], /name one of lesson 01's tools[\s\S]*npm run play -- 01 summarize/],
    [["01", "summarize", "{not json"], /not valid JSON/],
    [["01", "summarize", "{}", "--provider", "openai"], /--provider openai needs --model/],
    [["01", "summarize", "{}", "--provider", "anthropic", "--model", "m"], /ANTHROPIC_API_KEY.*not set/],
    [["01", "summarize", "{}", "--model", "m"], /--model and --base-url are for a real provider/],
    [["01", "summarize", "{}", "--timeout", "soon"], /--timeout soon/],
    [["--command", "node server.js", "tool", "--solutions"], /with --command you run the server yourself/],
    [["01", "summarize", "{}", "--as", "claude-desktop"], /--as claude-desktop: choose spec, vscode, inspector, no-sampling, auto-approve/],
  ])("%j", async (args, expected) => {
    const run = await runPlay(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toMatch(/Usage: npm run play/);
  }, SLOW);
});
