// Mutants of the reference solutions that the graded tests rightly let live: the
// mutated program behaves the same, or differs only in prose the lesson leaves to the
// student (a prompt's wording, a message's layout). Each says why, so a surviving
// mutant is either killed by a new test or explained here. Matched by line, so a
// change to a solution must update its entries.
import type { MutantResult } from "@stryker-mutator/api/core";

interface Equivalent {
  lesson: string;
  line: number;
  mutator: string;
  replacement: string;
  why: string;
}

const EQUIVALENTS: Equivalent[] = [
  { lesson: "01-first-sampling-call", line: 18, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's first half: the second still instructs the model, and the rule is a non-empty systemPrompt; wording is the student's" },
  { lesson: "01-first-sampling-call", line: 19, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second half: the first still makes the model a research assistant that summarizes; wording is the student's" },
  { lesson: "02-analyze-code", line: 8, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second sentence: the first still names bugs, security and performance; wording is the student's" },
  { lesson: "02-analyze-code", line: 20, mutator: "StringLiteral", replacement: "\"\"", why: "an output field's description: documentation, not a rule" },
  { lesson: "02-analyze-code", line: 21, mutator: "StringLiteral", replacement: "\"\"", why: "an output field's description: documentation, not a rule" },
  { lesson: "02-analyze-code", line: 32, mutator: "ObjectLiteral", replacement: "{}", why: "one of the two hints emptied: the other still names a model, and the rule is at least one named hint" },
  { lesson: "02-analyze-code", line: 32, mutator: "StringLiteral", replacement: "\"\"", why: "one of the two hints' names emptied: the other still names a model, and the rule is at least one named hint" },
  { lesson: "02-analyze-code", line: 46, mutator: "ArrayDeclaration", replacement: "[]", why: "the text block beside structuredContent: the README leaves it to the student (its closing question)" },
  { lesson: "03-client-callback", line: 34, mutator: "StringLiteral", replacement: "\"\"", why: "the client's name or version in clientInfo: given by the starter, and no rule names them" },
  { lesson: "03-client-callback", line: 52, mutator: "ArrayDeclaration", replacement: "[\"Stryker was here\"]", why: "a string in place of the missing hints has no name, so pickModel skips it and picks the default model, as with []" },
  { lesson: "04-research-assistant", line: 25, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second sentence: the rest still makes the model a research analyst; wording is the student's" },
  { lesson: "04-research-assistant", line: 35, mutator: "MethodExpression", replacement: "`arXiv answered HTTP ${response.status} ${response.statusText}`", why: "trim() only drops a trailing space when statusText is empty" },
  { lesson: "04-research-assistant", line: 84, mutator: "ArithmeticOperator", replacement: "i - 1", why: "how the prompt numbers the papers: layout, not a rule" },
  { lesson: "04-research-assistant", line: 84, mutator: "StringLiteral", replacement: "\"\"", why: "the blank line between papers in the prompt: layout, not a rule" },
  { lesson: "05-production-classifier", line: 59, mutator: "ConditionalExpression", replacement: "false", why: "-1 and -32000 are not in RETRYABLE_CODES, so without this check they are still never retried; the fallback's reason still quotes the client's rejected/denied" },
  { lesson: "05-production-classifier", line: 59, mutator: "LogicalOperator", replacement: "error.code === -1 && error.code === -32000", why: "-1 and -32000 are not in RETRYABLE_CODES, so without this check they are still never retried; the fallback's reason still quotes the client's rejected/denied" },
  { lesson: "05-production-classifier", line: 59, mutator: "UnaryOperator", replacement: "+1", why: "-1 is not in RETRYABLE_CODES, so without this check it is still never retried; the fallback's reason still quotes the client's \"rejected\"" },
  { lesson: "05-production-classifier", line: 59, mutator: "UnaryOperator", replacement: "+32000", why: "-32000 is not in RETRYABLE_CODES, so without this check it is still never retried; the fallback's reason still quotes VS Code's \"denied\"" },
  { lesson: "05-production-classifier", line: 59, mutator: "BooleanLiteral", replacement: "false", why: "-1 and -32000 are not in RETRYABLE_CODES, so reported as failures they are still never retried; the fallback's reason still quotes the client's rejected/denied" },
  { lesson: "05-production-classifier", line: 60, mutator: "ConditionalExpression", replacement: "true", why: "the words then count for any code, but -32603 is the only retryable code they can come with: the SDK's own -32001 always says \"Request timed out\", and -1/-32000 are refusals anyway" },
  { lesson: "05-production-classifier", line: 64, mutator: "ConditionalExpression", replacement: "true", why: "an error that is not an McpError has no code, so it is still not retryable; only its reason gains \"(undefined)\" (and the SDK client's createMessage rejects with McpErrors)" },
  { lesson: "05-production-classifier", line: 73, mutator: "MethodExpression", replacement: "text", why: "digging the JSON out of a sentence or fence is the student's choice (README): without it such a reply is a failed attempt, which the README also allows" },
  { lesson: "05-production-classifier", line: 73, mutator: "StringLiteral", replacement: "\"\"", why: "digging the JSON out of a sentence or fence is the student's choice (README): this only changes where the cut starts or ends, plain JSON is read the same" },
  { lesson: "05-production-classifier", line: 77, mutator: "BlockStatement", replacement: "{}", why: "a reply that is not JSON then fails the schema instead (value undefined): still a retryable failure, with a reason that says the reply did not match {label, confidence}" },
  { lesson: "05-production-classifier", line: 78, mutator: "MethodExpression", replacement: "text", why: "how much of a bad reply the reason quotes: wording, not a rule" },
  { lesson: "05-production-classifier", line: 82, mutator: "OptionalChaining", replacement: "parsed.error.issues[0].message", why: "a failed safeParse always has at least one issue" },
  { lesson: "05-production-classifier", line: 136, mutator: "OptionalChaining", replacement: "server.server.getClientCapabilities().sampling", why: "a tool call only arrives after initialize, and from then on getClientCapabilities() returns the client's capabilities" },
  { lesson: "05-production-classifier", line: 140, mutator: "StringLiteral", replacement: "\"Stryker was here!\"", why: "the initial reason is never read: the loop runs at least once and sets it before any fallback" },
  { lesson: "07-one-call-or-many", line: 17, mutator: "StringLiteral", replacement: "\"\"", why: "the single prompt's second sentence: wording is the student's" },
  { lesson: "07-one-call-or-many", line: 20, mutator: "StringLiteral", replacement: "\"\"", why: "the per-paper prompt's second half: wording is the student's" },
  { lesson: "07-one-call-or-many", line: 23, mutator: "StringLiteral", replacement: "\"\"", why: "the combining prompt's second sentence: wording is the student's" },
  { lesson: "07-one-call-or-many", line: 34, mutator: "ArrayDeclaration", replacement: "new Array()", why: "a preallocated array and an empty one both end up filled at every index" },
  { lesson: "07-one-call-or-many", line: 82, mutator: "ArithmeticOperator", replacement: "i - 1", why: "how the prompt numbers the papers: layout, not a rule" },
  { lesson: "07-one-call-or-many", line: 82, mutator: "StringLiteral", replacement: "\"\"", why: "the blank line between papers in the prompt: layout, not a rule" },
  { lesson: "09-capability-fallback", line: 24, mutator: "StringLiteral", replacement: "\"\"", why: "the system prompt's first sentence: the second still asks for the meaning, causes and fix; wording is the student's" },
  { lesson: "09-capability-fallback", line: 25, mutator: "StringLiteral", replacement: "\"\"", why: "the system prompt's second sentence: the first still makes the model explain error messages; wording is the student's" },
  { lesson: "09-capability-fallback", line: 55, mutator: "ArrayDeclaration", replacement: "[\"Stryker was here\"]", why: "an extra first entry in fallback_reason: every real reason is still named (tested); what else it says is the student's wording" },
  { lesson: "09-capability-fallback", line: 57, mutator: "OptionalChaining", replacement: "server.server.getClientCapabilities().sampling", why: "getClientCapabilities() is only undefined before initialize, and a client calls tools only after it" },
  { lesson: "09-capability-fallback", line: 70, mutator: "StringLiteral", replacement: "\"\"", why: "the join separator on the provider path, where reasons always holds exactly one entry (no capability, or the sampling failure)" },
  { lesson: "09-capability-fallback", line: 79, mutator: "StringLiteral", replacement: "\"\"", why: "what separates the reasons in fallback_reason: layout, not a rule (each reason is still named, and tested)" },
  { lesson: "10-progress-and-cache", line: 8, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's first half: the rest still instructs the model; wording is the student's" },
  { lesson: "10-progress-and-cache", line: 9, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second half: wording is the student's" },
  { lesson: "10-progress-and-cache", line: 46, mutator: "ConditionalExpression", replacement: "false", why: "an empty text: the README leaves it to the student (an error result, or an empty summary with no request); this mutant gives the empty summary" },
  { lesson: "10-progress-and-cache", line: 46, mutator: "BlockStatement", replacement: "{}", why: "an empty text: the README leaves it to the student (an error result, or an empty summary with no request); this mutant gives the empty summary" },
  { lesson: "10-progress-and-cache", line: 47, mutator: "BooleanLiteral", replacement: "false", why: "an empty text: the README leaves it to the student; without isError the SDK still turns the result into an error (no structuredContent)" },
  { lesson: "10-progress-and-cache", line: 72, mutator: "ArithmeticOperator", replacement: "index - 1", why: "the progress message's wording (progress and total are tested)" },
  { lesson: "10-progress-and-cache", line: 72, mutator: "StringLiteral", replacement: "\"\"", why: "the progress message's wording" },
  { lesson: "10-progress-and-cache", line: 72, mutator: "StringLiteral", replacement: "\"Stryker was here!\"", why: "the progress message's wording" },
  { lesson: "10-progress-and-cache", line: 80, mutator: "StringLiteral", replacement: "\"\"", why: "what separates the chunk summaries: layout, not a rule" },
  { lesson: "11-sampling-with-tools", line: 16, mutator: "StringLiteral", replacement: "\"\"", why: "the role sentence both system prompts start with: each keeps its own instruction, and the lesson sets no rule on the system prompt (its README and TODOs name none)" },
  { lesson: "11-sampling-with-tools", line: 27, mutator: "StringLiteral", replacement: "\"\"", why: "the description of lookup's query argument: documentation; the argument's type and required are tested" },
  { lesson: "11-sampling-with-tools", line: 48, mutator: "ObjectLiteral", replacement: "{}", why: "toolChoice without a mode (auto) on the last request: the README makes toolChoice the student's choice, since the count decides" },
  { lesson: "11-sampling-with-tools", line: 83, mutator: "OptionalChaining", replacement: "server.server.getClientCapabilities().sampling", why: "getClientCapabilities() is set once the client has initialized, and no tool call can arrive before that" },
  { lesson: "11-sampling-with-tools", line: 97, mutator: "ConditionalExpression", replacement: "true", why: "a non-text block of a final answer adds undefined, which join() writes as an empty string: a line break more in the answer; an answer with no text block still has no text" },
  { lesson: "11-sampling-with-tools", line: 97, mutator: "StringLiteral", replacement: "\"\"", why: "what separates the text blocks of a final answer: layout, not a rule" },
  { lesson: "11-sampling-with-tools", line: 98, mutator: "MethodExpression", replacement: "text", why: "a final answer whose text is only whitespace: the README leaves blank text to the student; an answer with no text block is tested" },
  { lesson: "11-sampling-with-tools", line: 111, mutator: "ConditionalExpression", replacement: "false", why: "the empty-query check dropped: an empty query then finds nothing, which the README leaves to the student" },
  { lesson: "11-sampling-with-tools", line: 111, mutator: "MethodExpression", replacement: "query", why: "a query of only spaces finds nothing instead of an error: the README leaves an empty query to the student" },
  { lesson: "11-sampling-with-tools", line: 111, mutator: "StringLiteral", replacement: "\"Stryker was here!\"", why: "the empty-query check never matches: an empty query then finds nothing, which the README leaves to the student" },
  { lesson: "12-input-required", line: 27, mutator: "StringLiteral", replacement: "\"\"", why: "the input request's key is the student's to pick; any string round-trips" },
  { lesson: "12-input-required", line: 30, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's first sentence: a non-empty prompt remains; wording is the student's" },
  { lesson: "12-input-required", line: 31, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second sentence: wording is the student's" },
  { lesson: "12-input-required", line: 42, mutator: "StringLiteral", replacement: "\"\"", why: "the server's name and version in serverInfo: no rule names them" },
  { lesson: "12-input-required", line: 89, mutator: "StringLiteral", replacement: "\"\"", why: "the wording of the non-text error (isError and a message are tested)" },
  { lesson: "12-input-required", line: 89, mutator: "StringLiteral", replacement: "``", why: "the wording of the non-text error (isError and a message are tested)" },
];

export function knownEquivalent(lesson: string, mutant: MutantResult): boolean {
  return EQUIVALENTS.some(
    (known) =>
      known.lesson === lesson &&
      known.line === mutant.location.start.line &&
      known.mutator === mutant.mutatorName &&
      known.replacement === mutant.replacement,
  );
}
