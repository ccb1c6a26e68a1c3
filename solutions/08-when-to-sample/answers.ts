// Reference answers for lesson 08: for each scenario in README.md, the approach
// that fits and the one fact in the scenario that decides it.

/** sampling: ask the client's model; direct_api: the server calls a provider; deterministic: plain code. */
export type Decision = "sampling" | "direct_api" | "deterministic";

export type ScenarioId =
  | "csv_to_json"
  | "order_status"
  | "explain_diff_vscode"
  | "private_notes_local_model"
  | "moderation_borderline"
  | "claude_desktop_users"
  | "new_server_2026"
  | "query_rewrite_400ms"
  | "metered_saas"
  | "invoice_total";

export interface Answer {
  decision: Decision | "TODO";
  /** One sentence naming the fact in the scenario that decides it. */
  reason: string;
}

export const answers: Record<ScenarioId, Answer> = {
  csv_to_json: {
    decision: "deterministic",
    reason: "Turning CSV rows into JSON objects has exactly one right output, which a parser produces instantly and for free.",
  },
  order_status: {
    decision: "deterministic",
    reason: "The status is a fact stored in the shop's database, so a query returns it and a model could only guess or restate it.",
  },
  explain_diff_vscode: {
    decision: "sampling",
    reason: "VS Code with Copilot answers sampling requests, so the explanation runs on each developer's own plan and no key ever sits in the server.",
  },
  private_notes_local_model: {
    decision: "sampling",
    reason: "Policy lets patient data reach a model only through goose and its local model, which is exactly the path sampling takes (goose shows nobody the request, but the data never leaves the clinic).",
  },
  moderation_borderline: {
    decision: "sampling",
    reason: "Judging intent needs a language model, the fast-agent client declares sampling, and seconds of latency on the operator's model are acceptable.",
  },
  claude_desktop_users: {
    decision: "direct_api",
    reason: "Claude Desktop, Claude Code and Cursor do not support sampling, so the server needs a provider key configured by whoever deploys it.",
  },
  new_server_2026: {
    decision: "direct_api",
    reason: "The 2026-07-28 spec deprecates sampling and names direct provider integration as the migration path, so a new server should not adopt it.",
  },
  query_rewrite_400ms: {
    decision: "direct_api",
    reason: "A 400 ms budget leaves no room for a round trip through the client and a possible human approval, while the nearby fast model fits it.",
  },
  metered_saas: {
    decision: "direct_api",
    reason: "The company must cap spend and fix the model per plan, and with sampling both the cost and the model choice belong to the client.",
  },
  invoice_total: {
    decision: "deterministic",
    reason: "Totals must be exact to the cent and reproducible for an auditor, which arithmetic in code guarantees and a language model cannot.",
  },
};
