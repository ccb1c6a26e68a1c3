// One MCP connection to a lesson host, as an SDK Transport: the harness's client
// (or, in lesson 03, the harness's server) speaks MCP through it, and the host
// hands each message to the student's server (or client) on the other side.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { LessonHost } from "./lesson-host.js";

export class HostTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly conn: number;
  private open = true;

  constructor(private readonly host: LessonHost) {
    this.conn = host.connect({
      onmessage: (message) => this.onmessage?.(message as JSONRPCMessage),
      onclose: () => this.ended(),
    });
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.open) this.host.sendMcp(this.conn, message);
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.host.request({ op: "close", conn: this.conn }).catch(() => {});
    this.ended();
  }

  private ended(): void {
    if (!this.open) return;
    this.open = false;
    this.onclose?.();
  }
}
