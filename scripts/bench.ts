// npm run bench: the course's speed, measured side by side on this machine and
// printed as ratios against the targets the course promises.
import { availableParallelism, cpus } from "node:os";
import { parseCommandLine, runCommand, UsageError } from "./cli/usage.js";
import { classOfCopies, classReportMs } from "./bench/class-scaling.js";
import { courseCommand } from "./cli/course-command.js";
import { median, timeCommand, trivialVitest } from "./bench/timing.js";
import { inMemoryTestMs, sealedTimings, stdioTestMs } from "./bench/transports.js";
import { watchRegradeMs } from "./bench/watch-regrade.js";

const USAGE = `Usage: npm run bench [-- --runs <n>] [--copies <n>] [--quick]

  --runs <n>     repetitions of each timing; the median is reported (default 5)
  --copies <n>   submissions in the class-report measurement (default 30)
  --quick        one run each and 2 copies: checks the benchmark itself works`;

interface Row {
  what: string;
  measured: string;
  ratio: number;
  target: string;
  met: boolean;
}

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    runs: { type: "string" },
    copies: { type: "string" },
    quick: { type: "boolean", default: false },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const runs = values.quick ? 1 : Number(values.runs ?? 5);
  const copies = values.quick ? 2 : Number(values.copies ?? 30);
  if (!(runs >= 1) || !(copies >= 1)) throw new UsageError("--runs and --copies take whole numbers from 1 up");
  const cores = availableParallelism();
  console.log(`Machine: ${cores} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}\n`);

  const rows: Row[] = [];
  const ms = (value: number) => `${Math.round(value)} ms`;
  const step = (what: string) => console.error(`measuring ${what}...`);

  step("the grader against vitest's trivial test");
  const trivial = await median(runs, () => timeCommand(trivialVitest));
  const one = await median(runs, () => timeCommand(courseCommand("grade", "01", "--solutions", "--json")));
  const all = await median(runs, () => timeCommand(courseCommand("grade", "--solutions", "--json")));
  rows.push(
    { what: "vitest, one trivial test (baseline)", measured: ms(trivial), ratio: 1, target: "", met: true },
    { what: "npm run grade, one lesson (01)", measured: ms(one), ratio: one / trivial, target: "≤ 2× baseline", met: one <= 2 * trivial },
    { what: "npm run grade, every lesson", measured: ms(all), ratio: all / trivial, target: "≤ 2.5× baseline", met: all <= 2.5 * trivial },
  );

  step("a watch-mode re-grade after a save");
  const saves = await watchRegradeMs(Math.max(runs, 3));
  const regrade = [...saves].sort((a, b) => a - b)[Math.floor(saves.length / 2)]!;
  rows.push({ what: "watch: save → new report (lesson 01)", measured: ms(regrade), ratio: regrade / 1000, target: "< 1 s", met: regrade < 1000 });

  step("what sealing costs: a tool call and a lesson host's start");
  await inMemoryTestMs(); // loads the modules once, as the grader's workers already have
  const memory = await median(Math.max(runs, 20), inMemoryTestMs);
  const sealed = await sealedTimings(values.quick ? 1 : 3, Math.max(runs, 20));
  const stdio = await median(runs, stdioTestMs);
  rows.push(
    { what: "one tool call with a sampling round trip, in memory (unsealed)", measured: `${memory.toFixed(2)} ms`, ratio: 1, target: "", met: true },
    { what: "the same call through a lesson host (sealed)", measured: `${sealed.callMs.toFixed(2)} ms`, ratio: sealed.callMs / memory, target: "", met: true },
    { what: "starting a lesson host: bundle, spawn, import", measured: ms(sealed.startMs), ratio: sealed.startMs / memory, target: "(once per lesson)", met: true },
    { what: "a test over stdio, one server process per test", measured: ms(stdio), ratio: stdio / memory, target: "(why one host serves a lesson)", met: true },
  );

  step(`class-report over ${copies} copies of the solutions`);
  const folder = classOfCopies(copies);
  const serial = await classReportMs(folder, 1);
  const parallel = await classReportMs(folder, cores);
  const speedup = serial / parallel;
  rows.push(
    { what: `class-report, ${copies} copies, 1 job`, measured: ms(serial), ratio: 1, target: "", met: true },
    {
      what: `class-report, ${copies} copies, ${cores} jobs`,
      measured: ms(parallel),
      ratio: speedup,
      target: `speed-up ≥ ${(0.7 * cores).toFixed(1)} (70% of ${cores} cores)`,
      met: speedup >= 0.7 * cores,
    },
  );

  console.log(renderTable(rows));
  return 0;
});

function renderTable(rows: Row[]): string {
  const lines = ["| measurement | time | ratio | target | met |", "| --- | --- | --- | --- | --- |"];
  for (const row of rows) {
    lines.push(`| ${row.what} | ${row.measured} | ${row.ratio.toFixed(2)} | ${row.target} | ${row.target ? (row.met ? "yes" : "NO") : ""} |`);
  }
  return lines.join("\n");
}
