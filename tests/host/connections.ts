// The MCP connections the host serves: each is one server (or, in lesson 03, one
// client) built from the student's module, talking to the harness through
// "mcp" envelopes on the channel. The SDK on both ends speaks the protocol.
import { inspect } from "node:util";
import type { Peer } from "./peer.js";
import type { HostOp, SetupFailure } from "./protocol.js";

interface Transport {
  onmessage?: (message: never, extra?: unknown) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  start(): Promise<void>;
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

interface Connection {
  transport?: ChannelTransport;
  /** Lesson 03: the student's client. */
  client?: { callTool(params: unknown, schema?: unknown, options?: unknown): Promise<unknown> };
  /** Lesson 12: the 2026-07-28 HTTP handler built from the student's factory. */
  http?: { fetch(request: Request): Promise<Response>; close(): Promise<void> };
  /** Lesson 12: push-style sampling calls the student's servers attempted. */
  pushes: number;
}

class ChannelTransport implements Transport {
  onmessage?: (message: never, extra?: unknown) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private closed = false;

  constructor(
    private readonly conn: number,
    private readonly peer: Peer,
  ) {}

  async start(): Promise<void> {}

  async send(message: unknown): Promise<void> {
    if (!this.closed) this.peer.send({ t: "mcp", conn: this.conn, message });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.peer.send({ t: "closed", conn: this.conn });
    this.onclose?.();
  }
}

type ConnectionOp = Exclude<HostOp, { op: "exports" | "value" | "call" | "clock" | "sync" }>;

export function createConnections(peer: Peer, load: (file: string) => Promise<Record<string, unknown>>, vendor: Record<string, string>) {
  const connections = new Map<number, Connection>();

  peer.onMcp = (conn, message) => connections.get(conn)?.transport?.onmessage?.(message as never);

  const open = (conn: number): Connection => {
    const connection: Connection = { pushes: 0 };
    connections.set(conn, connection);
    return connection;
  };
  const transportFor = (conn: number, connection: Connection): ChannelTransport => (connection.transport = new ChannelTransport(conn, peer));

  async function exported(file: string, name: string): Promise<((...args: unknown[]) => unknown) | SetupFailure> {
    const module = await load(file);
    const value = module[name];
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown) : { failure: "no-export", name, exports: Object.keys(module) };
  }

  async function built(create: () => unknown): Promise<{ value: unknown } | SetupFailure> {
    try {
      return { value: await create() };
    } catch (error) {
      return { failure: "threw", message: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    async handle(request: ConnectionOp): Promise<unknown> {
      switch (request.op) {
        case "serve": {
          const createServer = await exported(request.file, "createServer");
          if (typeof createServer !== "function") return createServer;
          const deps = peer.revive(request.deps);
          const connection = open(request.conn);
          const first = await built(() => createServer(deps));
          if ("failure" in first) return first;
          if (request.sdk === 1) {
            if (!isV1Server(first.value)) return wrongKind('an McpServer from "@modelcontextprotocol/sdk/server/mcp.js"', first.value);
            await first.value.connect(transportFor(request.conn, connection));
            return { ok: true };
          }
          if (!isV2Server(first.value)) {
            return wrongKind('an SDK v2 McpServer: new McpServer(...) from "@modelcontextprotocol/server" (not the v1 "@modelcontextprotocol/sdk")', first.value);
          }
          const factory = () => watchPushes(createServer(deps) as V2Server, connection);
          const server = (await import(vendor["@modelcontextprotocol/server"]!)) as typeof import("@modelcontextprotocol/server");
          if (request.era === "modern") {
            connection.http = server.createMcpHandler(factory as never);
          } else {
            const stdio = (await import(vendor["@modelcontextprotocol/server/stdio"]!)) as typeof import("@modelcontextprotocol/server/stdio");
            stdio.serveStdio(factory as never, { transport: transportFor(request.conn, connection) as never });
          }
          return { ok: true };
        }
        case "client": {
          const create = await exported(request.file, "createSamplingClient");
          if (typeof create !== "function") return create;
          const connection = open(request.conn);
          const made = await built(() => create(peer.revive(request.options)));
          if ("failure" in made) return made;
          if (!isClient(made.value)) return wrongKind('a Client from "@modelcontextprotocol/sdk/client/index.js"', made.value);
          connection.client = made.value;
          await made.value.connect(transportFor(request.conn, connection));
          return { ok: true };
        }
        case "clientCall": {
          const client = connections.get(request.conn)?.client;
          if (!client) throw new Error("no client on this connection");
          return client.callTool({ name: request.name, arguments: request.args }, undefined, { timeout: request.timeoutMs });
        }
        case "http": {
          const handler = connections.get(request.conn)?.http;
          if (!handler) throw new Error("no HTTP handler on this connection");
          const response = await handler.fetch(
            new Request(request.url, { method: request.method, headers: request.headers, ...(request.body !== null && { body: request.body }) }),
          );
          return { status: response.status, statusText: response.statusText, headers: [...response.headers], body: await response.text() };
        }
        case "pushes":
          return connections.get(request.conn)?.pushes ?? 0;
        case "close": {
          const connection = connections.get(request.conn);
          connections.delete(request.conn);
          await connection?.transport?.close();
          await connection?.http?.close();
          return null;
        }
      }
    },
  };
}

interface V1Server {
  connect(transport: Transport): Promise<void>;
  registerTool: unknown;
}

interface V2Server {
  registerTool: unknown;
  server: { projectCallToolResult?: unknown; createMessage: (...args: unknown[]) => unknown };
}

function isV1Server(value: unknown): value is V1Server {
  const candidate = value as Partial<V1Server> | null;
  return typeof candidate?.connect === "function" && typeof candidate.registerTool === "function";
}

// projectCallToolResult exists only in SDK v2.
function isV2Server(value: unknown): value is V2Server {
  const candidate = value as Partial<V2Server> | null;
  return typeof candidate?.registerTool === "function" && typeof candidate.server?.projectCallToolResult === "function";
}

function isClient(value: unknown): value is NonNullable<Connection["client"]> & { connect(transport: Transport): Promise<void> } {
  const candidate = value as { connect?: unknown; callTool?: unknown } | null;
  return typeof candidate?.connect === "function" && typeof candidate.callTool === "function";
}

function wrongKind(expected: string, received: unknown): SetupFailure {
  return { failure: "wrong-kind", expected, received: inspect(received, { depth: 1, breakLength: Infinity }).slice(0, 300) };
}

/** Counts push-style sampling (createMessage; ctx.mcpReq.requestSampling goes through it too). */
function watchPushes(server: V2Server, connection: Connection): V2Server {
  const protocol = server.server;
  const original = protocol.createMessage.bind(protocol);
  protocol.createMessage = (...args: unknown[]) => {
    connection.pushes += 1;
    return original(...args);
  };
  return server;
}
