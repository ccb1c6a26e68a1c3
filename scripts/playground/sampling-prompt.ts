// The human in the loop the spec asks for: a person sees each sampling request
// before any model runs, may approve, edit or deny it, and sees the reply before it
// goes back to the server. With --yes every step is shown and approved without asking.
import type { ChalkInstance } from "chalk";
import type { CreateMessageRequestParams } from "@modelcontextprotocol/sdk/types.js";
import type { CompletionResult } from "../../lib/llm-provider.js";
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
}

export interface SamplingPromptOptions {
  write: (text: string) => void;
  /** Opened on the first question only, so that --yes never holds stdin open. */
  answers: () => LineReader;
  approveAll: boolean;
  /** Repeat piped answers in the output, so a transcript reads like a terminal session. */
  echoAnswers: boolean;
  c: ChalkInstance;
}

export function createSamplingPrompt({ write, answers, approveAll, echoAnswers, c }: SamplingPromptOptions): SamplingPrompt {
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
  const denied = (what: string) => write(c.yellow(`Denied ${what}: the server gets error -1 "User rejected sampling request".\n`));

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
        if (approveAll) {
          write(c.green("Approved (--yes).\n"));
          return { systemPrompt: params.systemPrompt, maxTokens: params.maxTokens };
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
        if (approveAll) {
          write(c.green("Sent back to the server (--yes).\n"));
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
  };
}

/** Multi-line text, its later lines indented to sit under the first. */
function indented(text: string, prefix = "  ", first = false): string {
  const lines = text.split("\n");
  return lines.map((line, i) => ((i > 0 || first) && line ? `${prefix}${line}` : line)).join("\n");
}
