// Tells when a watched file's content may have changed. File-system events are
// fast but unreliable on some systems (network drives, some containers and VM
// mounts), so a poller runs beside them; the first time it sees a change the
// events missed, the watcher switches to polling alone and says so.
import { watch, statSync, type FSWatcher } from "node:fs";
import path from "node:path";

export interface FileWatcherOptions {
  files: string[];
  onChange: (file: string) => void;
  /** Called once when the watcher gives up on file-system events. */
  onFallback?: (reason: string) => void;
  /** Start with polling only (no file-system events). */
  pollOnly?: boolean;
  pollIntervalMs?: number;
  /** How a folder is watched for events (fs.watch; tests pass a silent one). */
  watchFolder?: (folder: string, listener: (event: string, name: string | null) => void) => FSWatcher;
}

export class FileWatcher {
  private readonly stamps = new Map<string, string>();
  /** Changes the poller saw that events have not reported yet. */
  private readonly suspects = new Map<string, string>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: boolean;

  constructor(private readonly options: FileWatcherOptions) {
    this.polling = options.pollOnly ?? false;
    for (const file of options.files) this.stamps.set(file, stampOf(file));
    if (!this.polling) this.watchFolders();
    this.timer = setInterval(() => this.poll(), options.pollIntervalMs ?? 300);
  }

  get usesEvents(): boolean {
    return !this.polling;
  }

  close(): void {
    clearInterval(this.timer);
    for (const watcher of this.watchers) watcher.close();
  }

  private watchFolders(): void {
    const folders = new Set(this.options.files.map((file) => path.dirname(file)));
    try {
      for (const folder of folders) {
        const watchFolder = this.options.watchFolder ?? watch;
        this.watchers.push(
          watchFolder(folder, (_event, name) => {
            if (name) this.onEvent(path.join(folder, name.toString()));
          }),
        );
      }
    } catch (error) {
      this.fallBack(`file-system events are not available here (${(error as Error).message})`);
    }
  }

  private onEvent(file: string): void {
    if (!this.stamps.has(file)) return;
    this.suspects.delete(file);
    const stamp = stampOf(file);
    if (stamp !== this.stamps.get(file)) this.record(file, stamp);
  }

  private poll(): void {
    for (const file of this.options.files) {
      const stamp = stampOf(file);
      if (stamp === this.stamps.get(file)) continue;
      if (this.polling) {
        this.record(file, stamp);
      } else if (this.suspects.get(file) === stamp) {
        // Events report a save within milliseconds; this one had a whole interval.
        this.fallBack("a save was seen by polling but not by file-system events");
        this.record(file, stamp);
      } else {
        this.suspects.set(file, stamp);
      }
    }
  }

  private record(file: string, stamp: string): void {
    this.suspects.delete(file);
    this.stamps.set(file, stamp);
    this.options.onChange(file);
  }

  private fallBack(reason: string): void {
    this.polling = true;
    for (const watcher of this.watchers.splice(0)) watcher.close();
    this.options.onFallback?.(reason);
  }
}

function stampOf(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return "missing";
  }
}
