// npm run grade -- --watch: grade once, then re-grade a lesson each time one of
// its files is saved, showing that lesson and where the whole course stands.
import path from "node:path";
import type { Lesson } from "./catalog.js";
import { FileWatcher } from "./file-watcher.js";
import { gradeLessons } from "./grade-lessons.js";
import { renderReport, type ReportContext } from "./report.js";
import { discardSpareWorkers, prepareNextWorker } from "./worker-pool.js";
import { gradeResults, type LessonResult } from "./results.js";

export interface WatchOptions {
  lessons: Lesson[];
  lessonsDir: string;
  timeLimitMs: number;
  context: ReportContext;
  pollOnly?: boolean;
  /** Where the report goes (stdout by default); tests capture it. */
  print?: (text: string) => void;
  /** Resolves when watching should stop (Ctrl+C by default). */
  until?: Promise<void>;
}

export async function watchLessons(options: WatchOptions): Promise<number> {
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const latest = new Map<string, LessonResult>();
  const grade = async (lessons: Lesson[]) => {
    const results = await gradeLessons({ lessons, lessonsDir: options.lessonsDir, timeLimitMs: options.timeLimitMs });
    // While the student edits, the worker for the next grading boots.
    prepareNextWorker();
    for (const lesson of results.lessons) latest.set(lesson.id, lesson);
    return results.lessons.map((l) => l.id);
  };
  const show = (ids: string[]) => {
    const all = gradeResults(options.lessons.map((l) => latest.get(l.id)!));
    const clear = options.context.color ? "\u001bc" : "";
    print(`${clear}${renderReport(all, options.context, ids)}\n\nWatching ${options.context.graded} for saves (Ctrl+C to stop).\n`);
  };

  // After a save: that lesson, and the next one to work on when it now passes.
  const afterSave = (lesson: Lesson) => {
    const next = options.lessons.find((l) => latest.get(l.id)?.status !== "pass");
    show(next && next.id !== lesson.id && latest.get(lesson.id)?.status === "pass" ? [lesson.id, next.id] : [lesson.id]);
  };

  const lessonOfFile = new Map(
    options.lessons.flatMap((lesson) => lesson.files.map((file) => [path.join(options.lessonsDir, lesson.id, file), lesson] as const)),
  );
  const queue = new RegradeQueue(async (lesson) => {
    await grade([lesson]);
    afterSave(lesson);
  });
  // Watching starts before the first grading, so a save made while it runs is not missed:
  // the queue holds it until the first report is out.
  const watcher = new FileWatcher({
    files: [...lessonOfFile.keys()],
    pollOnly: options.pollOnly ?? false,
    onChange: (file) => queue.add(lessonOfFile.get(file)!),
    onFallback: (reason) => print(`Note: ${reason}; switched to polling.\n`),
  });
  queue.first(async () => show(await grade(options.lessons)));
  await (options.until ?? untilInterrupted());
  watcher.close();
  await queue.idle();
  discardSpareWorkers();
  return 0;
}

// Editors often save in several writes; grading waits this long for the last one.
const SETTLE_MS = 40;

// One grading at a time: saves that arrive during a run are graded right after it,
// each lesson once, however many saves there were.
class RegradeQueue {
  private readonly waiting = new Set<Lesson>();
  private running: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(private readonly regrade: (lesson: Lesson) => Promise<void>) {}

  /** Runs `work` before anything else; saves that arrive meanwhile are graded after it. */
  first(work: () => Promise<void>): void {
    this.busy = true;
    this.running = work().then(() => this.drain());
  }

  add(lesson: Lesson): void {
    this.waiting.add(lesson);
    if (this.busy) return;
    this.busy = true;
    this.running = new Promise((resolve) => setTimeout(resolve, SETTLE_MS)).then(() => this.drain());
  }

  idle(): Promise<void> {
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.next(); next; next = this.next()) {
        this.waiting.delete(next);
        await this.regrade(next);
      }
    } finally {
      this.busy = false;
    }
  }

  private next(): Lesson | undefined {
    return this.waiting.values().next().value;
  }
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => process.once("SIGINT", () => resolve()));
}
