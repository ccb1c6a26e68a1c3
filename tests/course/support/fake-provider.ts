// A model provider's HTTP API on a loopback port: it records each request (path,
// headers, JSON body) for assertions and answers with whatever the test scripts.
// Nothing leaves the machine.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedHttpRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** Answers one request; may never answer (to test time limits: close() ends it). */
export type FakeAnswer = (request: RecordedHttpRequest, response: ServerResponse) => void;

export interface FakeProvider {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: RecordedHttpRequest[];
  close(): Promise<void>;
}

export async function startFakeProvider(answer: FakeAnswer): Promise<FakeProvider> {
  const requests: RecordedHttpRequest[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      requests.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown): FakeAnswer {
  return (_request, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
}

export const neverAnswers: FakeAnswer = () => {};
