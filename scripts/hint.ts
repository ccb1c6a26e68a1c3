// npm run hint -- <lesson>: one more of the lesson's hints each time, or --all.
import { parseLessonCommand } from "./cli/one-lesson.js";
import { runCommand } from "./cli/usage.js";
import { terminalColors } from "./cli/colors.js";
import { readState, writeState } from "./student/state.js";

const USAGE = `Usage: npm run hint -- <lesson> [--all]

Shows the lesson's hints one at a time: each run reveals the next one.
  --all    show every hint at once`;

const PROGRESS = "hints.json";

await runCommand(USAGE, async () => {
  const { lesson, values } = parseLessonCommand(process.argv.slice(2), { all: { type: "boolean", default: false } });
  const c = terminalColors();
  const progress = readState<Record<string, number>>(PROGRESS, {});
  const before = progress[lesson.id] ?? 0;
  const shown = values.all ? lesson.hints.length : Math.min(before + 1, lesson.hints.length);
  writeState(PROGRESS, { ...progress, [lesson.id]: Math.max(before, shown) });

  console.log(c.bold(`Hints for lesson ${lesson.number}, ${lesson.title}`));
  lesson.hints.slice(0, shown).forEach((hint, index) => {
    const fresh = index >= before && !values.all ? c.cyan(" (new)") : "";
    console.log(`\n${c.bold(`${index + 1}/${lesson.hints.length}`)}${fresh} ${hint}`);
  });
  console.log(
    shown < lesson.hints.length
      ? c.dim(`\nRun it again for the next hint.`)
      : c.dim(`\nThat is every hint. Still stuck? npm run compare -- ${lesson.number} shows your file beside the reference solution.`),
  );
  return 0;
});
