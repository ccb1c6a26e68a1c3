// What a lesson's code prints (stdout and stderr of its host): shown to the
// student under the test that was running, through vitest's console capture.
// Bounded, so a lesson printing in a loop costs the grader neither memory nor
// a report nobody can read.

/** Output passed on per host; the grader keeps even less per test. */
const SHOWN_BYTES = 64 * 1024;
/** The last words kept for diagnosis (Node prints "heap out of memory" as it dies). */
const TAIL_BYTES = 4 * 1024;

export class OutputBuffer {
  private shown = 0;
  private tail: Buffer = Buffer.alloc(0);
  private cut = false;

  add(chunk: Buffer): void {
    // Bytes only, past the shown part: a lesson printing 100 MB costs a copy of 4 KB per chunk.
    this.tail = chunk.length >= TAIL_BYTES ? chunk.subarray(-TAIL_BYTES) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
    if (this.shown >= SHOWN_BYTES) {
      if (!this.cut) console.log(`[the lesson printed more than ${SHOWN_BYTES / 1024} KB; the rest is not shown]`);
      this.cut = true;
      return;
    }
    const part = chunk.subarray(0, SHOWN_BYTES - this.shown);
    this.shown += part.length;
    console.log(part.toString("utf8").replace(/\n$/, ""));
  }

  mentions(pattern: RegExp): boolean {
    return pattern.test(this.tail.toString("utf8"));
  }
}
