// The TypeScript snippets a lesson README marks as runnable (```ts runnable):
// complete modules that must keep type-checking against the installed SDK.
export interface Snippet {
  /** 1-based position among the README's runnable snippets. */
  index: number;
  /** The README line of the snippet's first code line. */
  line: number;
  code: string;
}

const FENCE = /^```ts runnable\s*$/;

export function runnableSnippets(markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i]!)) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    const stop = end === -1 ? lines.length : end;
    snippets.push({ index: snippets.length + 1, line: i + 2, code: lines.slice(i + 1, stop).join("\n") });
    i = stop;
  }
  return snippets;
}
