/** The bundle of scripts/<name>.ts, built first if it is missing or out of date. */
export function commandBundle(name: string): Promise<string>;
