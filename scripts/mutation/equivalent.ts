// Mutants of the reference solutions that no correct test can kill: the mutated
// program behaves exactly as the original. Each is listed with why, so that a
// surviving mutant is either killed by a new test or explained here.
import type { MutantResult } from "@stryker-mutator/api/core";

interface Equivalent {
  lesson: string;
  line: number;
  mutator: string;
  replacement: string;
  why: string;
}

const EQUIVALENTS: Equivalent[] = [];

export function knownEquivalent(lesson: string, mutant: MutantResult): boolean {
  return EQUIVALENTS.some(
    (known) =>
      known.lesson === lesson &&
      known.line === mutant.location.start.line &&
      known.mutator === mutant.mutatorName &&
      known.replacement === mutant.replacement,
  );
}
