// The human in the loop, as the chosen client persona has one. The spec's client (and
// Inspector) let a person see each sampling request before any model runs, approve, edit
// or deny it, and see the reply before it goes back to the server. VS Code asks once
// whether the server may use a model at all and remembers the answer. An auto-approving
// client asks nobody. Every request and reply is still shown: watching is the point.
// With --yes every step is shown and approved without asking.
import type { ChalkInstance } from "chalk";
import type { CreateMessageRequestParams } from "@modelcontextprotocol/sdk/types.js";
import type { CompletionResult } from "../../lib/llm-provider.js";
import type { ClientPersona } from "../../tests/kit/personas.js";
import type { LineReader } from "./line-reader.js";
import { blocksOf, describeBlock } from "./sampling-content.js";

/** What the person lets the model see; they may have changed these two. */
export interface ApprovedRequest {
  systemPrompt?: string;
  maxTokens: number;
}

export interface SamplingPrompt {
  /** Shows request `number` and asks about it: what to send to the model, or undefined when denied. */
  reviewRequest(number: number, params: CreateMessageRequestParams, model: string): Promise<ApprovedRequest | undefined>;
  /** Shows the model's reply and asks whether it may go back to the server. */
  reviewReply(number: number, model: string, completion: CompletionResult): Promise<boolean>;
  /** Why request `number` was not answered, in full: this is the person's own terminal. */
  reportFailure(number: number, reason: string): Promise<void>;
  /** The server sent `method` although this client never declared the capability for it. */
  reportUndeclared(method: string): Promise<void>;
}

export interface SamplingPromptOptions {
  write: (text: string) => void;
  /** Opened on the first question only, so that --yes never holds stdin open. */
  answers: () => LineReader;
  approveAll: boolean;
  /** The client being played: who approves, and what a denial sends. */
  persona: ClientPersona;
  /** How the client names the server to its user (VS Code's permission question). */
  serverLabel: string;
  /** Repeat piped answers in the output, so a transcript reads like a terminal session. */
  echoAnswers: boolean;
  c: ChalkInstance;
}

export function createSamplingPrompt({ write, answers, approveAll, persona, serverLabel, echoAnswers, c }: SamplingPromptOptions): SamplingPrompt {
  // Servers may send several requests at once (lessons 06 and 07): one conversation at a
  // time on the terminal, while approved requests still run side by side.
  let turn = Promise.resolve();
  function oneAtATime<T>(step: () => Promise<T>): Promise<T> {
    const result = turn.then(step);
    turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async function ask(question: string): Promise<string | undefined> {
    write(question);
    const line = await answers().next();
    if (echoAnswers) write(`${line ?? "(end of input)"}\n`);
    return line?.trim();
  }

  const heading = (text: string) => write(`\n${c.bold.cyan(`── ${text} `.padEnd(60, "─"))}\n`);
  const field = (name: string, value: string) => write(`${c.bold(`${name}:`)} ${value}\n`);
  const denial = persona.denial;
  const denied = (what: string) =>
    write(c.yellow(`Denied ${what}: the server gets error ${denial?.code} "${denial?.message}".\n`));
  const nobodyAsked = persona.humanInTheLoop === "nobody";

  // VS Code's question, asked at the first request and remembered for the rest of the run.
  let serverPermission: Promise<boolean> | undefined;
  async function askServerPermission(): Promise<boolean> {
    write(c.dim(`(${persona.clients} does not show the request itself; the playground shows it to you.)\n`));
    for (;;) {
      const answer = (await ask(`${c.bold(`Allow MCP server "${serverLabel}" to make LLM requests? [a]llow in this session, [n]ever`)} `))?.toLowerCase();
      if (answer === undefined || answer.startsWith("n")) return false;
      if (answer.startsWith("a")) return true;
      write("Type a or n.\n");
    }
  }

  async function chooseAction(): Promise<"a" | "e" | "d"> {
    for (;;) {
      const answer = (await ask(`${c.bold("[a]pprove, [e]dit, [d]eny?")} `))?.toLowerCase();
      // End of input means nobody is there to approve: denying is the safe answer.
      if (answer === undefined) return "d";
      const action = answer.charAt(0);
      if (action === "a" || action === "e" || action === "d") return action;
      write("Type a, e or d.\n");
    }
  }

  async function edit(params: CreateMessageRequestParams): Promise<ApprovedRequest | undefined> {
    const systemPrompt = await ask("System prompt (Enter keeps it): ");
    if (systemPrompt === undefined) return undefined;
    for (;;) {
      const maxTokens = await ask(`maxTokens (Enter keeps ${params.maxTokens}): `);
      if (maxTokens === undefined) return undefined;
      if (maxTokens === "") return { systemPrompt: systemPrompt || params.systemPrompt, maxTokens: params.maxTokens };
      if (/^[1-9]\d*$/.test(maxTokens)) return { systemPrompt: systemPrompt || params.systemPrompt, maxTokens: Number(maxTokens) };
      write("maxTokens is a whole number above 0.\n");
    }
  }

  return {
    reviewRequest: (number, params, model) =>
      oneAtATime(async () => {
        heading(`Sampling request ${number} from the server`);
        field("System prompt", params.systemPrompt ? indented(params.systemPrompt) : c.dim("none"));
        write(`${c.bold("Messages:")}\n`);
        for (const message of params.messages) {
          write(`  ${c.bold(message.role)}: ${indented(blocksOf(message).map(describeBlock).join("\n"), "    ")}\n`);
        }
        field("maxTokens", String(params.maxTokens));
        field("temperature", params.temperature === undefined ? c.dim("not set") : String(params.temperature));
        field("stopSequences", params.stopSequences?.length ? JSON.stringify(params.stopSequences) : c.dim("none"));
        field("modelPreferences", params.modelPreferences ? JSON.stringify(params.modelPreferences) : c.dim("none"));
        if (params.includeContext) field("includeContext", params.includeContext);
        field("Model that will run", model);
        const asSent = { systemPrompt: params.systemPrompt, maxTokens: params.maxTokens };
        if (approveAll) {
          write(c.green("Approved (--yes).\n"));
          return asSent;
        }
        if (nobodyAsked) {
          write(c.green(`Run without asking anyone: ${persona.clients} have no approval step.\n`));
          return asSent;
        }
        if (persona.humanInTheLoop === "once-per-server") {
          const firstAsk = serverPermission === undefined;
          serverPermission ??= askServerPermission();
          const allowed = await serverPermission;
          if (!firstAsk) write(c.dim(`Already ${allowed ? "allowed" : "refused"} for this server: not asked again.\n`));
          if (!allowed) denied(`request ${number}`);
          return allowed ? asSent : undefined;
        }
        const action = await chooseAction();
        const approved =
          action === "a" ? { systemPrompt: params.systemPrompt, maxTokens: params.maxTokens }
          : action === "e" ? await edit(params)
          : undefined;
        if (!approved) denied(`request ${number}`);
        return approved;
      }),

    reviewReply: (number, model, completion) =>
      oneAtATime(async () => {
        heading(`Reply ${number} from ${model} (${completion.stopReason ?? "no stop reason"})`);
        write(`${indented(completion.text || c.dim("(empty)"), "  ", true)}\n`);
        if (approveAll || persona.humanInTheLoop !== "each-request") {
          write(c.green(`Sent back to the server (${approveAll ? "--yes" : "this client does not show replies"}).\n`));
          return true;
        }
        const answer = await ask(`${c.bold("Send this reply to the server? [Y/n]")} `);
        const send = answer !== undefined && !/^n/i.test(answer);
        if (!send) denied(`reply ${number}`);
        return send;
      }),

    reportFailure: (number, reason) =>
      oneAtATime(async () => {
        write(c.red(`Request ${number} failed: ${reason}\n`));
      }),

    reportUndeclared: (method) =>
      oneAtATime(async () => {
        heading(`The server sent ${method}`);
        write(
          c.yellow(
            `This client, like ${persona.clients}, declared no sampling capability, so it answers ` +
              `-32601 "Method not found". A server should read getClientCapabilities() first.\n`,
          ),
        );
      }),
  };
}

/** Multi-line text, its later lines indented to sit under the first. */
function indented(text: string, prefix = "  ", first = false): string {
  const lines = text.split("\n");
  return lines.map((line, i) => ((i > 0 || first) && line ? `${prefix}${line}` : line)).join("\n");
}
