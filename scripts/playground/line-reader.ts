// Answers typed (or piped) on stdin, one line at a time. readline's question()
// loses lines that arrive before it is asked, which is exactly what a script
// piping "a\ny\n" does, so lines are queued here until someone asks for one.
import { createInterface } from "node:readline";

export interface LineReader {
  /** The next line, or undefined once the input has ended. */
  next(): Promise<string | undefined>;
  close(): void;
}

export function readLines(input: NodeJS.ReadableStream): LineReader {
  const queued: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let ended = false;
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on("line", (line) => {
    const reader = waiting.shift();
    if (reader) reader(line);
    else queued.push(line);
  });
  lines.on("close", () => {
    ended = true;
    for (const reader of waiting.splice(0)) reader(undefined);
  });
  return {
    next() {
      if (queued.length > 0) return Promise.resolve(queued.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => lines.close(),
  };
}
