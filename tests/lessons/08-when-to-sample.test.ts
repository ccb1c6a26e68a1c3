import { test } from "vitest";
import { lessonUnderTest } from "../kit/lesson-under-test.js";
import { demand } from "../kit/mistake.js";

const lesson = lessonUnderTest("08-when-to-sample");
const file = lesson.display("answers.ts");
const DECISIONS = ["sampling", "direct_api", "deterministic"] as const;
type Decision = (typeof DECISIONS)[number];

interface Scenario {
  id: string;
  decision: Decision;
  /** Points at the deciding fact without giving the answer away. */
  nudge: string;
}

// The answer key, in the README's order.
const SCENARIOS: Scenario[] = [
  {
    id: "csv_to_json",
    decision: "deterministic",
    nudge: "does this input have exactly one right output? If so, what would a model add besides cost, delay and a chance of a wrong row?",
  },
  {
    id: "order_status",
    decision: "deterministic",
    nudge: "where does the true status of an order live, and could a model know it without reading that source?",
  },
  {
    id: "explain_diff_vscode",
    decision: "sampling",
    nudge: "which client runs this server, does it answer sampling requests, and who is allowed to hold a key and pay for the model here?",
  },
  {
    id: "private_notes_local_model",
    decision: "sampling",
    nudge: "which route to a model does the clinic's policy allow, and which of the three options travels that route?",
  },
  {
    id: "moderation_borderline",
    decision: "sampling",
    nudge: "can a word list judge intent? Then: does this client support sampling, is a few seconds acceptable, and who should pick and pay for the model?",
  },
  {
    id: "claude_desktop_users",
    decision: "direct_api",
    nudge: "look up these three clients in the README's support list: what happens to a sampling request sent to a client that does not support it?",
  },
  {
    id: "new_server_2026",
    decision: "direct_api",
    nudge: "what does the 2026-07-28 specification say new implementations should do about sampling, and which migration path does it name?",
  },
  {
    id: "query_rewrite_400ms",
    decision: "direct_api",
    nudge: "add up a sampling round trip (through the client, maybe past a person approving it, on a model you do not choose): does it fit in 400 ms? Did rules work?",
  },
  {
    id: "metered_saas",
    decision: "direct_api",
    nudge: "with sampling, who pays for each request and who chooses the model? Can the company cap or fix either one?",
  },
  {
    id: "invoice_total",
    decision: "deterministic",
    nudge: "must every total be exact to the cent and reproducible by an auditor? Can a language model promise that?",
  },
];

type Answers = Record<string, { decision?: unknown; reason?: unknown } | undefined>;

async function loadAnswers(): Promise<Answers> {
  const exported = await lesson.exports("answers.ts");
  const answers = exported.answers === "object" ? await lesson.value("answers.ts", "answers") : undefined;
  demand(typeof answers === "object" && answers !== null, {
    problem: `${file} does not export an answers object`,
    expected: 'export const answers = { csv_to_json: { decision: "...", reason: "..." }, ... }',
    received: Object.keys(exported),
    file,
  });
  return answers as Answers;
}

/** Why a reason is not one sentence of substance, or undefined when it is. */
function sentenceProblem(reason: unknown): string | undefined {
  if (typeof reason !== "string" || reason.trim() === "") return "no reason";
  const text = reason.trim();
  if (text.split(/\s+/).length < 5) return "too short to name a deciding fact";
  if (text.length > 300) return "longer than one sentence should be";
  // Abbreviations and decimals contain dots that do not end a sentence.
  const plain = text.replace(/\b(e\.g|i\.e|etc|vs|cf)\./gi, "$1").replace(/(\d)\.(\d)/g, "$1$2");
  if (/[.!?]["')\]]?\s+\S/.test(plain)) return "more than one sentence";
  return undefined;
}

/** A decision written but not one of the three: a string other than "TODO" (or the empty string). */
function isMisspelt(decision: unknown): boolean {
  return typeof decision === "string" && decision.trim() !== "" && decision !== "TODO" && !DECISIONS.includes(decision as Decision);
}

test("answers.ts exports an answer for every scenario", async () => {
  const answers = await loadAnswers();
  const ids = SCENARIOS.map((s) => s.id);
  const missing = ids.filter((id) => typeof answers[id] !== "object" || answers[id] === null);
  const unknown = Object.keys(answers).filter((id) => !ids.includes(id));
  demand(missing.length === 0 && unknown.length === 0, {
    problem:
      missing.length > 0 ? `answers has no entry for: ${missing.join(", ")}` : `answers has entries for scenarios the lesson does not have: ${unknown.join(", ")}`,
    expected: `one { decision, reason } for each of: ${ids.join(", ")}`,
    received: Object.keys(answers),
    fix: "the ids are the headings of the README's scenarios, spelled exactly as there",
    file,
  });
});

test("every decision is sampling, direct_api or deterministic", async () => {
  const answers = await loadAnswers();
  const undecided = SCENARIOS.filter((s) => !DECISIONS.includes(answers[s.id]?.decision as Decision)).map((s) => s.id);
  // A decision that is neither one of the three nor the starter's "TODO": a misspelling, a capital.
  const misspelt = undecided.filter((id) => isMisspelt(answers[id]?.decision));
  demand(misspelt.length === 0, {
    problem: `these decisions are not one of the three exact strings: ${misspelt.map((id) => `${id} (${JSON.stringify(answers[id]?.decision)})`).join(", ")}`,
    expected: `decision: ${DECISIONS.map((d) => `"${d}"`).join(", ")}, spelled exactly so, in lower case`,
    received: Object.fromEntries(misspelt.map((id) => [id, answers[id]?.decision])),
    file,
  });
  demand(undecided.length === 0, {
    problem: `${undecided.length} of ${SCENARIOS.length} scenarios have no valid decision yet: ${undecided.join(", ")}`,
    expected: `decision: ${DECISIONS.map((d) => `"${d}"`).join(", ")}`,
    received: Object.fromEntries(undecided.map((id) => [id, answers[id]?.decision])),
    file,
  });
});

test("every reason is one sentence that names the deciding fact", async () => {
  const answers = await loadAnswers();
  const problems = SCENARIOS.flatMap(({ id }) => {
    const problem = sentenceProblem(answers[id]?.reason);
    return problem ? [{ id, problem }] : [];
  });
  demand(problems.length === 0, {
    problem: `each reason should be one sentence; these are not: ${problems.map((p) => `${p.id} (${p.problem})`).join(", ")}`,
    expected: 'one sentence that names the fact deciding it, e.g. "Renaming files by a fixed pattern needs no judgment, so code does it exactly and at no cost."',
    received: answers[problems[0]?.id ?? ""]?.reason,
    file,
  });
});

for (const scenario of SCENARIOS) {
  test(`scenario ${scenario.id}`, async () => {
    const answer = (await loadAnswers())[scenario.id];
    demand(answer?.decision === scenario.decision, {
      problem: DECISIONS.includes(answer?.decision as Decision)
        ? `scenario ${scenario.id}: "${String(answer?.decision)}" is not the best fit`
        : isMisspelt(answer?.decision)
          ? `scenario ${scenario.id}: ${JSON.stringify(answer?.decision)} is not one of "sampling", "direct_api", "deterministic" (spelled exactly so)`
          : `scenario ${scenario.id} has no decision yet`,
      expected: "the approach that the scenario's deciding fact points to (see its text in the README)",
      received: answer,
      fix: `ask yourself: ${scenario.nudge}`,
      file,
    });
  });
}
