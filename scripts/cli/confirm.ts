// Asks before doing something a student may regret. Without a terminal to ask
// on, the command needs --yes instead of guessing.
import { createInterface } from "node:readline/promises";
import { UsageError } from "./usage.js";

export async function confirm(question: string, alreadyYes: boolean): Promise<boolean> {
  if (alreadyYes) return true;
  if (!process.stdin.isTTY) throw new UsageError(`${question}\nThere is no terminal to ask on: add --yes to go ahead.`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
