// Colour for the course's commands: only on a terminal, and never when NO_COLOR
// is set (https://no-color.org) or the terminal is dumb.
import { Chalk, type ChalkInstance } from "chalk";

export function wantsColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb";
}

/** Chalk for stdout, coloured only when stdout wants it. */
export function terminalColors(): ChalkInstance {
  return new Chalk({ level: wantsColor(process.stdout) ? 1 : 0 });
}
