// How the playground starts the server it talks to: a lesson's server through
// `npm run serve`'s script, or any stdio MCP server the student names.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { StdioServerParameters } from "@modelcontextprotocol/sdk/client/stdio.js";
import { COURSE_ROOT } from "../course-paths.js";
import type { Lesson } from "../grader/catalog.js";
import { splitCommand } from "./split-command.js";

export interface ServerCommand {
  /** How the playground names the server to the person. */
  label: string;
  params: StdioServerParameters;
}

// No `env` below: the SDK then passes only HOME, PATH and a few other safe variables,
// so the provider's API key never reaches the server. Not needing it is the point of sampling.

export interface LessonServerOptions {
  /** The reference solution's server instead of the student's. */
  solutions: boolean;
  /** Keep the server's own web requests on this machine (see offline-network.ts). */
  offline: boolean;
}

const OFFLINE_NETWORK = path.join(COURSE_ROOT, "scripts", "playground", "offline-network.ts");

export function lessonServer(lesson: Lesson, { solutions, offline }: LessonServerOptions): ServerCommand {
  const copy = solutions ? "the reference solution" : "your lessons/ copy";
  return {
    label: `lesson ${lesson.number} (${lesson.title}), ${copy}${offline ? ", offline" : ""}`,
    params: {
      command: process.execPath,
      args: [
        "--import",
        "tsx",
        ...(offline ? ["--import", pathToFileURL(OFFLINE_NETWORK).href] : []),
        path.join(COURSE_ROOT, "scripts", "serve.ts"),
        lesson.id,
        ...(solutions ? ["--solutions"] : []),
      ],
      cwd: COURSE_ROOT,
      stderr: "inherit",
    },
  };
}

/** `cwd` is where the student typed the command: npm runs scripts from the course root instead. */
export function commandServer(line: string, cwd: string): ServerCommand {
  const [command, ...args] = splitCommand(line);
  if (!command) throw new Error("the command is empty");
  return { label: `"${line}"`, params: { command, args, cwd, stderr: "inherit" } };
}
