// Which tools (and argument names) a lesson module's createServer() registers,
// asked the way a client would: connect and call tools/list. Only the course's
// own starters and solutions are loaded this way, never a student's submission.
import { cpSync, mkdtempSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { COURSE_ROOT } from "../course-paths.js";

export type ToolSignatures = Record<string, string[]>;

interface ConnectableServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

export async function registeredTools(file: string): Promise<ToolSignatures> {
  const module = (await import(pathToFileURL(importable(file)).href)) as { createServer?: () => ConnectableServer | Promise<ConnectableServer> };
  if (typeof module.createServer !== "function") throw new Error("it does not export createServer()");
  const server = await module.createServer();
  const client = new Client({ name: "course-check", version: "1.0.0" }, { capabilities: { sampling: {} } });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  try {
    const { tools } = await client.listTools();
    return Object.fromEntries(tools.map((tool) => [tool.name, Object.keys(tool.inputSchema.properties ?? {}).sort()]));
  } finally {
    await client.close();
  }
}

// Node resolves a module's imports from where the file lives, so a copy outside
// the course could not find the SDK: stage it under the course's node_modules/.cache.
function importable(file: string): string {
  if (!path.relative(COURSE_ROOT, file).startsWith("..")) return file;
  const cache = path.join(COURSE_ROOT, "node_modules", ".cache", "course-check");
  mkdirSync(cache, { recursive: true });
  const lessonDir = path.dirname(file);
  const staged = path.join(mkdtempSync(path.join(cache, "copy-")), path.basename(lessonDir));
  cpSync(lessonDir, staged, { recursive: true });
  return path.join(staged, path.basename(file));
}
