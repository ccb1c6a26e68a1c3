// The lesson host: runs ONE lesson's student code in a process of its own and
// serves it to the grader's test harness over fd 3. The grader starts it under
// Node's permission model (it reads only its own bundle and the lesson's build,
// writes nothing, starts no process or thread) with a memory cap, and kills it
// when the lesson outlives its time limit. The verdict is decided in the harness.
//
// argv: <build dir> <package name → bundle URL, JSON> <bundle URLs to load at once, JSON>
import { writeSync } from "node:fs";
import { Socket } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installClock } from "./clock.js";
import { harden } from "./harden.js";
import { Peer } from "./peer.js";
import { createConnections } from "./connections.js";

const [buildDir = "", vendorJson = "{}", preloadJson = "[]"] = process.argv.slice(2);
const vendor = JSON.parse(vendorJson) as Record<string, string>;
// Loaded now, while the harness is still building the lesson: its import is then quick.
for (const url of JSON.parse(preloadJson) as string[]) import(url).catch(() => {});
const channel = new Socket({ fd: 3, readable: true, writable: true });
const peer = new Peer(channel, (line) => writeSync(3, line));

harden(peer);

// Without its harness the host has no reason to live: the grader died or gave up.
channel.on("close", () => process.exit(0));

const modules = new Map<string, Promise<Record<string, unknown>>>();

/** Imports one of the lesson's bundled files (server.ts → server.mjs), once. */
function load(file: string): Promise<Record<string, unknown>> {
  let module = modules.get(file);
  if (!module) {
    const built = path.join(buildDir, `${path.basename(file, path.extname(file))}.mjs`);
    module = (import(pathToFileURL(built).href) as Promise<Record<string, unknown>>).catch((error: unknown) => {
      // Named so the harness can tell "would not import" from an error of the call itself.
      const reason = error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack.split("\n").slice(1, 4).join("\n")}` : ""}` : String(error);
      throw Object.assign(new Error(reason), { name: "LessonImportError" });
    });
    modules.set(file, module);
  }
  return module;
}

const connections = createConnections(peer, load, vendor);
const clock = installClock();

peer.serve(async (request) => {
  switch (request.op) {
    case "exports":
      return Object.fromEntries(Object.entries(await load(request.file)).map(([name, value]) => [name, typeof value]));
    case "value":
      return JSON.parse(JSON.stringify((await load(request.file))[request.name] ?? null)) as unknown;
    case "call": {
      const fn = (await load(request.file))[request.name];
      if (typeof fn !== "function") throw new TypeError(`${request.name} is not a function`);
      return (await (fn as (...args: unknown[]) => unknown)(...(peer.revive(request.args) as unknown[]))) ?? null;
    }
    case "clock":
      return clock.handle(request);
    case "sync":
      // After everything already queued in this process has run.
      return new Promise((resolve) => clock.realSetImmediate(() => resolve(null)));
    default:
      return connections.handle(request);
  }
});
