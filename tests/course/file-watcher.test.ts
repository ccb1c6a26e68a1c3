// The watcher behind watch mode: events when they work, polling when they do not.
import { mkdtempSync, writeFileSync, type FSWatcher } from "node:fs";
import { EventEmitter } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { FileWatcher } from "../../scripts/grader/file-watcher.js";

let watcher: FileWatcher | undefined;
afterEach(() => watcher?.close());

function tempFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "course-watch-")), "server.ts");
  writeFileSync(file, "one");
  return file;
}

function nextChange(): { onChange: (file: string) => void; changed: Promise<string> } {
  let onChange!: (file: string) => void;
  const changed = new Promise<string>((resolve) => (onChange = resolve));
  return { onChange, changed };
}

test("reports a save through file-system events", async () => {
  const file = tempFile();
  const { onChange, changed } = nextChange();
  watcher = new FileWatcher({ files: [file], onChange, pollIntervalMs: 60_000 });
  writeFileSync(file, "two");
  expect(await changed).toBe(file);
  expect(watcher.usesEvents).toBe(true);
});

test("switches to polling by itself when events miss a save", async () => {
  const file = tempFile();
  const { onChange, changed } = nextChange();
  const reasons: string[] = [];
  const silent = () => Object.assign(new EventEmitter(), { close() {} }) as unknown as FSWatcher;
  watcher = new FileWatcher({ files: [file], onChange, onFallback: (r) => reasons.push(r), watchFolder: silent, pollIntervalMs: 10 });
  writeFileSync(file, "two, and longer");
  expect(await changed).toBe(file);
  expect(watcher.usesEvents).toBe(false);
  expect(reasons).toEqual(["a save was seen by polling but not by file-system events"]);
});
