// The host's end of the channel: answers the harness's requests, calls the
// harness's fake dependencies, and routes MCP messages to the right connection.
import type { Socket } from "node:net";
import {
  encodeLine,
  LineReader,
  PendingCalls,
  toErrorData,
  type HarnessToHost,
  type HostOp,
  type HostToHarness,
  type ResponseData,
} from "./protocol.js";

type Request = Extract<HarnessToHost, { t: "req" }>;

export class Peer {
  private readonly pending = new PendingCalls();
  private handler: (request: HostOp) => Promise<unknown> = async () => null;
  /** MCP messages for a connection, delivered by the connection table. */
  onMcp: (conn: number, message: unknown) => void = () => {};

  constructor(
    private readonly socket: Socket,
    /** Writes one line at once, for the last words before the process ends. */
    readonly writeNow: (line: string) => void,
  ) {
    const reader = new LineReader(
      (value) => this.receive(value as HarnessToHost),
      () => socket.destroy(),
    );
    socket.on("data", (chunk: Buffer) => reader.push(chunk));
  }

  send(message: HostToHarness): void {
    this.socket.write(encodeLine(message));
  }

  serve(handler: (request: HostOp) => Promise<unknown>): void {
    this.handler = handler;
  }

  /** Calls a function of the harness and resolves with what it returned. */
  call(fn: number, args: unknown[]): Promise<unknown> {
    return this.pending.open((id) => this.send({ t: "dep", id, fn, args }));
  }

  /** Turns the harness's function references back into callable functions (and Responses into Responses). */
  revive(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.revive(item));
    if (value === null || typeof value !== "object") return value;
    if ("$fn" in value && typeof value.$fn === "number") {
      const fn = value.$fn;
      return async (...args: unknown[]) => this.revive(await this.call(fn, args.map(toPlain)));
    }
    if ("$response" in value) {
      const { status, statusText, headers, body } = (value as ResponseData).$response;
      return new Response(status === 204 || status === 304 ? null : body, { status, statusText, headers });
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.revive(item)]));
  }

  private receive(message: HarnessToHost): void {
    if (message.t === "mcp") return this.onMcp(message.conn, message.message);
    if (message.t === "res") return this.pending.settle(message);
    if (message.t === "req") void this.answer(message);
  }

  private async answer({ id, t: _t, ...op }: Request): Promise<void> {
    try {
      const value = await this.handler(op as HostOp);
      this.send({ t: "res", id, ok: true, value: value === undefined ? null : value });
    } catch (error) {
      this.send({ t: "res", id, ok: false, error: toErrorData(error) });
    }
  }
}

/** What a student's code passes to a fake dependency, as JSON (a URL becomes its text, a Request its parts). */
function toPlain(value: unknown): unknown {
  if (value instanceof URL) return value.href;
  if (value instanceof Request) return value.url;
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
