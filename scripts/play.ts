// npm run play -- <lesson> <tool> '<json arguments>': calls one tool of a lesson's
// server (or of any stdio server, --command) from a client that answers sampling
// requests with a model, after a person has seen and approved each one, or as a
// real client does (--as vscode, inspector, no-sampling, auto-approve).
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import type { ChalkInstance } from "chalk";
import type { LlmProvider } from "../lib/llm-provider.js";
import { parseCommandLine, runCommand, UsageError } from "./cli/usage.js";
import { lessonsNamed } from "./cli/one-lesson.js";
import type { Lesson } from "./grader/catalog.js";
import { isPersonaName, PERSONA_NAMES, PERSONAS, type ClientPersona } from "../tests/kit/personas.js";
import { terminalColors } from "./cli/colors.js";
import { createAnthropicProvider } from "./playground/anthropic-provider.js";
import { createCourseModel } from "./playground/course-model.js";
import { readLines, type LineReader } from "./playground/line-reader.js";
import { createOpenAiProvider } from "./playground/openai-provider.js";
import { openPlaySession, type PlaySession } from "./playground/play-session.js";
import { createSamplingPrompt } from "./playground/sampling-prompt.js";
import { commandServer, lessonServer, type ServerCommand } from "./playground/server-command.js";

const USAGE = `Usage: npm run play -- <lesson> <tool> ['<json arguments>'] [options]
       npm run play -- --command "<server command>" <tool> ['<json arguments>'] [options]

Starts the lesson's server, calls the tool, and shows every sampling request the
server sends: approve, edit or deny it, see the model's reply, then the tool's result.
  --solutions          run the reference solution's server instead of yours
  --offline            answer the lesson server's own web requests on this machine
                       (lesson 04's arXiv search gets a sample feed)
  --command "<cmd>"    attach to any MCP server that speaks stdio instead of a lesson
  --yes                approve every request and reply without asking
  --as <client>        play a real client's behaviour instead of the spec's:
                       vscode (asks once per server, denies with -32000),
                       inspector (a person answers, denies with -32603),
                       no-sampling (Claude Desktop, Claude Code, Cursor: -32601),
                       auto-approve (goose, fast-agent: nobody is asked)
  --provider <name>    course (default: offline, no key), anthropic, or openai
                       (openai: any OpenAI-compatible server, e.g. Ollama or LM Studio)
  --model <a,b,...>    the provider's models, the first is the default (anthropic, openai)
  --base-url <url>     the provider's address, e.g. http://localhost:11434/v1 for Ollama
  --timeout <seconds>  how long to wait for the provider's answer (default 60)
Keys come from the environment only: ANTHROPIC_API_KEY, OPENAI_API_KEY (none for local servers).

Example:
  npm run play -- 01 summarize '{"text_to_summarize": "MCP lets servers ask the client for a completion."}'`;

const DEFAULT_TIMEOUT_SECONDS = 60;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseOptions(process.argv.slice(2));
  const provider = providerFrom(values);
  const persona = personaFrom(values.as);
  const { server, tool, args } = targetFrom(values, positionals);
  const c = terminalColors();
  const write = (text: string) => void process.stdout.write(text);

  let answers: LineReader | undefined;
  const prompt = createSamplingPrompt({
    write,
    answers: () => (answers ??= readLines(process.stdin)),
    approveAll: values.yes,
    persona,
    serverLabel: server.label,
    echoAnswers: !process.stdin.isTTY,
    c,
  });

  write(`${c.bold("Server:")} ${server.label}\n${c.bold("Client:")} ${describePersona(persona)}\n`);
  write(`${c.bold("Model:")} ${describeProvider(provider)}\n`);
  let session: PlaySession;
  try {
    session = await openPlaySession(new StdioClientTransport(server.params), provider, prompt, persona);
  } catch (error) {
    console.error(c.red(startFailure(server, error)));
    return 1;
  }
  try {
    const tools = await session.tools();
    if (!tools.some((t) => t.name === tool)) {
      throw new UsageError(`The server has no tool "${tool}". Its tools: ${tools.map((t) => t.name).join(", ") || "none"}.`);
    }
    write(`${c.bold("Calling")} ${tool} ${JSON.stringify(args)}\n`);
    const result = await session.callTool(tool, args, (progress) => write(c.dim(`${describeProgress(progress)}\n`)));
    printResult(tool, result, write, c);
    if (result.isError && values.command === undefined && !values.offline && mentionsNoNetwork(result)) {
      write(c.dim("No network? Add --offline: the server's web requests (lesson 04's arXiv search) then get sample answers.\n"));
    }
    return result.isError ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    console.error(c.red(`The call to ${tool} failed: ${(error as Error).message}`));
    return 1;
  } finally {
    await session.close();
    answers?.close();
  }
});

function parseOptions(argv: string[]) {
  return parseCommandLine(
    {
      solutions: { type: "boolean", default: false },
      offline: { type: "boolean", default: false },
      command: { type: "string" },
      yes: { type: "boolean", default: false },
      provider: { type: "string", default: "course" },
      model: { type: "string" },
      "base-url": { type: "string" },
      timeout: { type: "string" },
      as: { type: "string", default: "spec" },
    },
    argv,
  );
}

type Values = ReturnType<typeof parseOptions>["values"];

function providerFrom(values: Values): LlmProvider {
  const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout ${values.timeout}: give a number of seconds above 0`);
  const baseUrl = values["base-url"];
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) throw new UsageError(`--base-url ${baseUrl}: not a URL`);
  // No baked-in model ids for real providers: they go stale, and the person knows what their account or server has.
  const models = values.model?.split(",").map((m) => m.trim()).filter(Boolean) ?? [];

  switch (values.provider) {
    case "course":
      if (values.model !== undefined || baseUrl !== undefined) {
        throw new UsageError("--model and --base-url are for a real provider: add --provider anthropic or --provider openai");
      }
      return createCourseModel();
    case "anthropic": {
      const apiKey = process.env.ANTHROPIC_API_KEY;
      if (!apiKey) throw new UsageError("--provider anthropic reads its key from the ANTHROPIC_API_KEY environment variable, which is not set");
      if (models.length === 0) throw new UsageError("--provider anthropic needs --model <id>[,<id>...], e.g. --model claude-sonnet-4-5");
      return createAnthropicProvider({ apiKey, models, baseUrl, timeoutSeconds });
    }
    case "openai": {
      if (models.length === 0) throw new UsageError("--provider openai needs --model <id>[,<id>...], e.g. --model llama3.2 for Ollama");
      return createOpenAiProvider({ apiKey: process.env.OPENAI_API_KEY || undefined, models, baseUrl, timeoutSeconds });
    }
    default:
      throw new UsageError(`--provider ${values.provider}: choose course, anthropic or openai`);
  }
}

function personaFrom(name: string): ClientPersona {
  if (!isPersonaName(name)) throw new UsageError(`--as ${name}: choose ${PERSONA_NAMES.join(", ")}`);
  return PERSONAS[name];
}

/** What a server learns about this client at initialize, and how its person says no. */
function describePersona(persona: ClientPersona): string {
  const denial = persona.denial ? `denies with ${persona.denial.code} "${persona.denial.message}"` : "never denies";
  return (
    `${persona.name} (${persona.clients}), introduces itself as ${JSON.stringify(persona.clientInfo)}, ` +
    `declares capabilities ${JSON.stringify(persona.capabilities)}, ${denial}`
  );
}

function describeProvider(provider: LlmProvider): string {
  const offline = provider.name === "course" ? " (offline course model: answers from the request's own words)" : "";
  return `${provider.name}${offline}, models ${provider.models.join(", ")}`;
}

function targetFrom(values: Values, positionals: string[]): { server: ServerCommand; tool: string; args: Record<string, unknown> } {
  if (values.command !== undefined) {
    if (values.solutions || values.offline) {
      throw new UsageError("--solutions and --offline apply to a lesson's server; with --command you run the server yourself");
    }
    const [tool, json, ...extra] = positionals;
    if (!tool || extra.length > 0) throw new UsageError("with --command, name a tool and optionally its JSON arguments");
    let server: ServerCommand;
    try {
      server = commandServer(values.command, process.env.INIT_CWD ?? process.cwd());
    } catch (error) {
      throw new UsageError(`--command: ${(error as Error).message}`);
    }
    return { server, tool, args: jsonArguments(json) };
  }

  const [selector, tool, json, ...extra] = positionals;
  if (!selector) throw new UsageError("name a lesson and one of its tools, e.g. 01 summarize");
  const lesson = lessonsNamed([selector])[0]!;
  if ((lesson.kind ?? "server") !== "server") throw new UsageError(noServerIn(lesson));
  if (!tool || extra.length > 0) {
    throw new UsageError(`name one of lesson ${lesson.number}'s tools and its JSON arguments, e.g.\n${exampleCalls(lesson)}`);
  }
  return { server: lessonServer(lesson, { solutions: values.solutions, offline: values.offline }), tool, args: jsonArguments(json) };
}

function noServerIn(lesson: Lesson): string {
  return lesson.kind === "client"
    ? `Lesson ${lesson.number} has no server to play with: you write the client side (${lesson.files.join(", ")}), ` +
        `the part the playground plays itself. Check it with: npm run grade -- ${lesson.number}`
    : `Lesson ${lesson.number} has no server to play with: its exercise is written answers (${lesson.files.join(", ")}). ` +
        `Check them with: npm run grade -- ${lesson.number}`;
}

function exampleCalls(lesson: Lesson): string {
  return Object.entries(lesson.tools)
    .map(([tool, args]) => `  npm run play -- ${lesson.number} ${tool} '${JSON.stringify(Object.fromEntries(args.map((a) => [a, "..."])))}'`)
    .join("\n");
}

function jsonArguments(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  let args: unknown;
  try {
    args = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`the tool's arguments are not valid JSON (${(error as Error).message}): ${json}`);
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new UsageError(`the tool's arguments must be a JSON object, like '{"name": "value"}', not ${json}`);
  }
  return args as Record<string, unknown>;
}

function startFailure(server: ServerCommand, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return `Could not start ${server.label}: ${server.params.command} was not found.`;
  return (
    `The server, ${server.label}, stopped before it answered (${(error as Error).message}). ` +
    `Its own error output, if any, is above.`
  );
}

function describeProgress({ progress, total, message }: Progress): string {
  return `progress: ${progress}${total === undefined ? "" : `/${total}`}${message ? ` ${message}` : ""}`;
}

function printResult(tool: string, result: CallToolResult, write: (text: string) => void, c: ChalkInstance): void {
  const title = result.isError ? c.red.bold(`── ${tool} reported an error `.padEnd(60, "─")) : c.green.bold(`── Result of ${tool} `.padEnd(60, "─"));
  write(`\n${title}\n`);
  for (const block of result.content) {
    // Tools that return structuredContent usually repeat it as JSON text: show it once.
    if (block.type === "text" && result.structuredContent && sameJson(block.text, result.structuredContent)) continue;
    write(`${block.type === "text" ? block.text : `[${block.type} content]`}\n`);
  }
  if (result.structuredContent) write(`${c.bold("structuredContent:")} ${JSON.stringify(result.structuredContent, null, 2)}\n`);
}

/** Node's fetch says "fetch failed" when the address cannot be reached at all. */
function mentionsNoNetwork(result: CallToolResult): boolean {
  return result.content.some((block) => block.type === "text" && block.text.includes("fetch failed"));
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
