// Splits `--command "node server.js --flag 'two words'"` the way a shell would
// for simple cases: whitespace separates words, single or double quotes group them.
// No variables, globs or escapes: a student who needs those writes a script.
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= "";
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (quote) throw new Error(`the command has an unclosed ${quote} quote`);
  if (word !== undefined) words.push(word);
  return words;
}
