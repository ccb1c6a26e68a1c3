// Records what a lesson's server asks of its client together with the request
// options (timeout, signal, ...), which never travel over the wire. Both sampling
// APIs (server.server.createMessage and extra.sendRequest) go through the server's
// Protocol.request, so one wrapper sees either style.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";

export interface SpiedRequest {
  method: string;
  params: unknown;
  options: RequestOptions | undefined;
}

export function spyOnServerRequests(server: McpServer): SpiedRequest[] {
  const seen: SpiedRequest[] = [];
  const protocol = server.server;
  const original = protocol.request.bind(protocol);
  protocol.request = ((request, schema, options) => {
    seen.push({ method: request.method, params: request.params, options });
    return original(request, schema, options);
  }) as typeof protocol.request;
  return seen;
}
