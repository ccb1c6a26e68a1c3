// How every course command reads its arguments and reports misuse: --help
// prints the command's usage (exit 0); anything malformed prints the reason and
// the usage (exit 2).
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

class HelpRequested extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** Parses the command line; --help/-h is added to `options` and handled by runCommand. */
export function parseCommandLine<const O extends OptionsConfig>(options: O, argv: string[] = process.argv.slice(2)) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested();
  return parsed;
}

export async function runCommand(usage: string, main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(usage);
      process.exitCode = 0;
    } else if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}
