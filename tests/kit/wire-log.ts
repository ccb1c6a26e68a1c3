// Every MCP message that crossed a lesson host's connections, in order, with the
// time it crossed: the trace a student sees under a failing test, and what the
// timing checks read (a cancellation arriving N ms after its request, on the
// lesson's fake clock when it has one).

export interface WireEntry {
  direction: "to-lesson" | "from-lesson";
  conn: number;
  message: unknown;
  /** The clock's reading when the message crossed (see WireLog.clock). */
  at: number;
}

/** Entries kept: a lesson that floods its connection cannot fill the harness's memory. */
const KEPT = 5_000;

export class WireLog {
  readonly entries: WireEntry[] = [];
  private seen = 0;
  /** What "now" means for `at`: real time, unless a test reads the lesson's fake clock. */
  clock: () => number = () => performance.now();

  /** Messages seen in all, kept or not. */
  get count(): number {
    return this.seen;
  }

  /** Gives every entry recorded since `count` was `mark` the time `at` (messages a clock step caused). */
  restamp(mark: number, at: number): void {
    for (let i = mark; i < this.entries.length; i++) this.entries[i]!.at = at;
  }

  record(direction: WireEntry["direction"], conn: number, message: unknown): void {
    this.seen += 1;
    if (this.entries.length < KEPT) this.entries.push({ direction, conn, message, at: this.clock() });
  }
}
