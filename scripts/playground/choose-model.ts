// The spec's model selection rule. Hints are the server's advice, tried in the
// order it gave them; the client keeps the last word, so no match means its default.
import type { ModelHint } from "@modelcontextprotocol/sdk/types.js";

export function chooseModel(hints: readonly ModelHint[], models: readonly string[]): string {
  for (const { name } of hints) {
    const match = name ? models.find((model) => model.includes(name)) : undefined;
    if (match) return match;
  }
  return models[0]!;
}
