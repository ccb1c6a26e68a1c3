// The mutation score the course reports: mutants the tests detect, out of every
// mutant that ran, less those shown to be equivalent (no program behaves
// differently, so no test can fail on them).
import type { MutantResult } from "@stryker-mutator/api/core";

export interface Score {
  detected: number;
  /** Mutants that count: run and valid, not equivalent. */
  total: number;
  percent: number;
  /** file:line mutator → replacement, for the report. */
  equivalent: string[];
}

export function mutationScore(results: MutantResult[], isEquivalent: (mutant: MutantResult) => boolean): Score {
  // Mutants that did not compile or crashed the run test nothing: Stryker leaves them out too.
  const valid = results.filter((mutant) => mutant.status !== "CompileError" && mutant.status !== "RuntimeError" && mutant.status !== "Ignored");
  const detected = valid.filter((mutant) => mutant.status === "Killed" || mutant.status === "Timeout");
  const equivalent = valid.filter((mutant) => !detected.includes(mutant) && isEquivalent(mutant));
  const total = valid.length - equivalent.length;
  return {
    detected: detected.length,
    total,
    percent: total === 0 ? 100 : (100 * detected.length) / total,
    equivalent: equivalent.map(describe),
  };
}

export function describe(mutant: MutantResult): string {
  return `${mutant.fileName.split("solutions/").pop()}:${mutant.location.start.line} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? "")}`;
}
