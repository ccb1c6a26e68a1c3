// What the grader's test harness and the lesson host say to each other, one JSON
// object per line on the host's fd 3. MCP messages travel inside "mcp" envelopes,
// untouched: the SDK on each side speaks the protocol, this file only routes it.
// Everything the host sends is untrusted: the student's code runs in the host and
// can write to fd 3 too, so the harness treats each message as the student
// server's behaviour, never as a verdict.

/** A function of the harness (a test's fake dependency) that the host may call. */
export interface FunctionRef {
  $fn: number;
}

/** A fetch Response, as the harness's fake network answers. */
export interface ResponseData {
  $response: { status: number; statusText: string; headers: Array<[string, string]>; body: string };
}

export interface ErrorData {
  name: string;
  message: string;
  code?: unknown;
  data?: unknown;
}

/** Operations the harness asks of the host; each gets one "res" back. */
export type HostOp =
  | { op: "exports"; file: string }
  | { op: "value"; file: string; name: string }
  | { op: "call"; file: string; name: string; args: unknown[] }
  | { op: "serve"; conn: number; file: string; deps: unknown; sdk: 1 | 2; era?: "legacy" | "modern" }
  | { op: "client"; conn: number; file: string; options: unknown }
  | { op: "clientCall"; conn: number; name: string; args: Record<string, unknown>; timeoutMs: number }
  | { op: "http"; conn: number; url: string; method: string; headers: Array<[string, string]>; body: string | null }
  | { op: "close"; conn: number }
  | { op: "pushes"; conn: number }
  | { op: "clock"; action: "install"; toFake: string[]; now?: number }
  | { op: "clock"; action: "tick" | "setSystemTime"; ms: number }
  | { op: "clock"; action: "next" | "uninstall" | "count" }
  | { op: "sync" };

export type HarnessToHost =
  | ({ t: "req"; id: number } & HostOp)
  | { t: "res"; id: number; ok: true; value: unknown }
  | { t: "res"; id: number; ok: false; error: ErrorData }
  | { t: "mcp"; conn: number; message: unknown };

export type HostToHarness =
  | { t: "res"; id: number; ok: true; value: unknown }
  | { t: "res"; id: number; ok: false; error: ErrorData }
  | { t: "mcp"; conn: number; message: unknown }
  | { t: "closed"; conn: number }
  | { t: "dep"; id: number; fn: number; args: unknown[] }
  | { t: "exit"; code: string };

/** Why a lesson could not even be set up, as the host found it (the harness words the message). */
export type SetupFailure =
  | { failure: "no-export"; name: string; exports: string[] }
  | { failure: "wrong-kind"; expected: string; received: string }
  | { failure: "threw"; message: string };

/** The longest line either side accepts: a bigger message ends the lesson. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

export function encodeLine(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a byte stream into JSON lines, refusing any line longer than MAX_LINE_BYTES. */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly onLine: (value: unknown) => void,
    private readonly onTooLong: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      this.chunks.push(chunk.subarray(start, end));
      const line = Buffer.concat(this.chunks).toString("utf8");
      this.chunks = [];
      this.size = 0;
      start = end + 1;
      if (line.trim() !== "") this.parse(line);
    }
    const rest = chunk.subarray(start);
    this.size += rest.length;
    if (this.size > MAX_LINE_BYTES) {
      this.chunks = [];
      this.size = 0;
      this.onTooLong();
      return;
    }
    if (rest.length > 0) this.chunks.push(rest);
  }

  private parse(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return; // Not a message of ours: the harness ignores it, as an MCP client ignores junk.
    }
    this.onLine(value);
  }
}

type Settled = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorData };

/** Calls this side has made and the other side has not answered yet, each settled by its "res". */
export class PendingCalls {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** Opens a call: `send` gets its id, and the promise settles with the answer. */
  open<T>(send: (id: number) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      send(id);
    });
  }

  /** Settles the call a "res" answers; an answer to no open call is ignored. */
  settle(answer: Settled): void {
    const call = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if (!call) return;
    if (answer.ok) call.resolve(answer.value);
    else call.reject(fromErrorData(answer.error));
  }

  /** Fails every open call with `reason` (the other side is gone). */
  rejectAll(reason: Error): void {
    for (const [id, call] of this.waiting) {
      this.waiting.delete(id);
      call.reject(reason);
    }
  }
}

/** The other side's error, rebuilt: its name, message, and code and data when it had them. */
export function fromErrorData(data: ErrorData): Error {
  return Object.assign(new Error(data.message), { name: data.name }, data.code !== undefined && { code: data.code }, data.data !== undefined && { data: data.data });
}

export function toErrorData(error: unknown): ErrorData {
  if (error instanceof Error) {
    const { code, data } = error as { code?: unknown; data?: unknown };
    return { name: error.name, message: error.message, ...(code !== undefined && { code }), ...(data !== undefined && { data }) };
  }
  return { name: "Error", message: String(error) };
}
