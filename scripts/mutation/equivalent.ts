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
  { lesson: "02-analyze-code", line: 8, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second sentence: the first still names bugs, security and performance; wording is the student's" },
  { lesson: "02-analyze-code", line: 20, mutator: "StringLiteral", replacement: "\"\"", why: "an output field's description: documentation, not a rule" },
  { lesson: "02-analyze-code", line: 21, mutator: "StringLiteral", replacement: "\"\"", why: "an output field's description: documentation, not a rule" },
  { lesson: "02-analyze-code", line: 32, mutator: "ObjectLiteral", replacement: "{}", why: "one of the two hints emptied: the other still names a model, and the rule is at least one named hint" },
  { lesson: "02-analyze-code", line: 32, mutator: "StringLiteral", replacement: "\"\"", why: "one of the two hints' names emptied: the other still names a model, and the rule is at least one named hint" },
  { lesson: "02-analyze-code", line: 46, mutator: "ArrayDeclaration", replacement: "[]", why: "the text block beside structuredContent: the README leaves it to the student (its closing question)" },
  { lesson: "04-research-assistant", line: 25, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second sentence: the rest still makes the model a research analyst; wording is the student's" },
  { lesson: "04-research-assistant", line: 35, mutator: "MethodExpression", replacement: "`arXiv answered HTTP ${response.status} ${response.statusText}`", why: "trim() only drops a trailing space when statusText is empty" },
  { lesson: "04-research-assistant", line: 84, mutator: "ArithmeticOperator", replacement: "i - 1", why: "how the prompt numbers the papers: layout, not a rule" },
  { lesson: "04-research-assistant", line: 84, mutator: "StringLiteral", replacement: "\"\"", why: "the blank line between papers in the prompt: layout, not a rule" },
  { lesson: "07-one-call-or-many", line: 17, mutator: "StringLiteral", replacement: "\"\"", why: "the single prompt's second sentence: wording is the student's" },
  { lesson: "07-one-call-or-many", line: 20, mutator: "StringLiteral", replacement: "\"\"", why: "the per-paper prompt's second half: wording is the student's" },
  { lesson: "07-one-call-or-many", line: 23, mutator: "StringLiteral", replacement: "\"\"", why: "the combining prompt's second sentence: wording is the student's" },
  { lesson: "07-one-call-or-many", line: 34, mutator: "ArrayDeclaration", replacement: "new Array()", why: "a preallocated array and an empty one both end up filled at every index" },
  { lesson: "07-one-call-or-many", line: 82, mutator: "ArithmeticOperator", replacement: "i - 1", why: "how the prompt numbers the papers: layout, not a rule" },
  { lesson: "07-one-call-or-many", line: 82, mutator: "StringLiteral", replacement: "\"\"", why: "the blank line between papers in the prompt: layout, not a rule" },
  { lesson: "10-progress-and-cache", line: 8, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's first half: the rest still instructs the model; wording is the student's" },
  { lesson: "10-progress-and-cache", line: 9, mutator: "StringLiteral", replacement: "\"\"", why: "the prompt's second half: wording is the student's" },
  { lesson: "10-progress-and-cache", line: 46, mutator: "ConditionalExpression", replacement: "false", why: "an empty text: the README leaves it to the student (an error result, or an empty summary with no request); this mutant gives the empty summary" },
  { lesson: "10-progress-and-cache", line: 46, mutator: "BlockStatement", replacement: "{}", why: "an empty text: the README leaves it to the student (an error result, or an empty summary with no request); this mutant gives the empty summary" },
  { lesson: "10-progress-and-cache", line: 47, mutator: "BooleanLiteral", replacement: "false", why: "an empty text: the README leaves it to the student; without isError the SDK still turns the result into an error (no structuredContent)" },
  { lesson: "10-progress-and-cache", line: 72, mutator: "ArithmeticOperator", replacement: "index - 1", why: "the progress message's wording (progress and total are tested)" },
  { lesson: "10-progress-and-cache", line: 72, mutator: "StringLiteral", replacement: "\"\"", why: "the progress message's wording" },
  { lesson: "10-progress-and-cache", line: 72, mutator: "StringLiteral", replacement: "\"Stryker was here!\"", why: "the progress message's wording" },
  { lesson: "10-progress-and-cache", line: 80, mutator: "StringLiteral", replacement: "\"\"", why: "what separates the chunk summaries: layout, not a rule" },
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
