// What every sampling request of a lesson must carry from lesson 04 on: a system
// prompt that gives the model its role, and a maxTokens budget that fits the task.
// A budget is the most the user pays for one answer: too small cuts the answer off,
// far too large hands the client's model (and the user's bill) a blank cheque.
import { demand } from "./mistake.js";
import type { RecordedSamplingRequest, SamplingParams } from "./mock-sampling-client.js";

export interface RequestBasics {
  /** The tool, as messages name it ("research_topic"). */
  tool: string;
  file: string;
  /** Words of which the system prompt must hold one, for the role the lesson asks for. */
  role?: { pattern: RegExp; described: string };
  /** The budget the lesson's text asks for, inclusive. */
  budget: { min: number; max: number; suggested: string };
}

export function demandPromptAndBudget(requests: RecordedSamplingRequest[], basics: RequestBasics): void {
  const { tool, file, role, budget } = basics;
  for (const { params } of requests) {
    const prompt = params.systemPrompt;
    demand(typeof prompt === "string" && prompt.trim() !== "", {
      problem: `${tool} sent a sampling request without a systemPrompt`,
      expected: `a non-empty systemPrompt on every request${role ? `, ${role.described}` : ""}`,
      received: prompt,
      fix: 'add systemPrompt: "You are ..." to the createMessage params',
      file,
    });
    demand(!role || role.pattern.test(prompt), {
      problem: `${tool}'s systemPrompt does not give the model its role`,
      expected: role?.described,
      received: prompt,
      file,
    });
    demand(Number.isInteger(params.maxTokens) && params.maxTokens >= budget.min && params.maxTokens <= budget.max, {
      problem:
        params.maxTokens < budget.min
          ? `${tool}'s maxTokens (${params.maxTokens}) is too small: the answer would be cut off`
          : `${tool}'s maxTokens (${params.maxTokens}) is not a budget that fits the task`,
      expected: `a maxTokens between ${budget.min} and ${budget.max} (${budget.suggested})`,
      received: params.maxTokens,
      file,
    });
  }
}

/**
 * Whether a tool's error says that the model answered with something other than text.
 * The SDK's own complaint about a result that lost its text ("expected string, received
 * undefined") does not: it means the answer was read without checking its type.
 */
export function saysNotText(message: string): boolean {
  // "not text", "not a text block", "did not answer with text": any wording that says the answer was not text.
  return /\bimage\b|non-?text|\bno text\b|\bnot\b[^.]{0,30}\btext\b|(expected|only|instead of|wanted) (a )?text/i.test(message);
}

/** The text of a request's messages, one block per line (an image or audio block adds an empty line); "" for no request. */
export function requestText(params: SamplingParams | undefined): string {
  return (params?.messages ?? [])
    .flatMap((m) => (Array.isArray(m.content) ? m.content : [m.content]))
    .map((block) => (block.type === "text" ? block.text : ""))
    .join("\n");
}
