// Lesson 08: sampling, a direct provider call, or plain code?
// Read README.md in this folder first: it describes every scenario below.
// For each one, set decision to "sampling", "direct_api" or "deterministic", and write
// ONE sentence naming the fact in the scenario that decides it.
// Check your work with: npm run grade -- 08

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
  csv_to_json: { decision: "TODO", reason: "" },
  order_status: { decision: "TODO", reason: "" },
  explain_diff_vscode: { decision: "TODO", reason: "" },
  private_notes_local_model: { decision: "TODO", reason: "" },
  moderation_borderline: { decision: "TODO", reason: "" },
  claude_desktop_users: { decision: "TODO", reason: "" },
  new_server_2026: { decision: "TODO", reason: "" },
  query_rewrite_400ms: { decision: "TODO", reason: "" },
  metered_saas: { decision: "TODO", reason: "" },
  invoice_total: { decision: "TODO", reason: "" },
};
