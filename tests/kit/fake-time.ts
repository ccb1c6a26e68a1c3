// Time that a test moves on instead of waiting for it, on either side of the
// process boundary: the harness's timers (vitest's fake timers: scripted answers
// that arrive "later") or the lesson's (a HostClock: its timeouts and backoff).
// Messages between the two processes still take real time to cross, so time only
// moves when nothing is in flight: otherwise an answer already on its way would
// arrive "after" a timeout that, in the lesson's world, came later.
import { setImmediate as realSetImmediate } from "node:timers/promises";
import { vi } from "vitest";
import type { LessonHost } from "./lesson-host.js";

/** A clock a test can move to its next timer. */
export interface SteppableClock {
  /** Runs the next timer; false when there is none (nothing will ever happen again). */
  next(): Promise<boolean>;
  /** The clock's reading, in ms. */
  now(): number;
}

/** The lesson's clock, faked in its host with @sinonjs/fake-timers. */
export class HostClock implements SteppableClock {
  private reading = 0;

  constructor(private readonly host: LessonHost) {}

  /** Fakes the lesson's timers (and Date, when listed); the wire log's times then read this clock. */
  async install(toFake: string[] = ["setTimeout", "clearTimeout", "setInterval", "clearInterval"], now?: number): Promise<void> {
    this.reading = await this.host.request<number>({ op: "clock", action: "install", toFake, ...(now !== undefined && { now }) });
    this.host.wire.clock = () => this.reading;
  }

  async next(): Promise<boolean> {
    if ((await this.host.request<number>({ op: "clock", action: "count" })) === 0) return false;
    const mark = this.host.wire.entries.length;
    this.reading = await this.host.request<number>({ op: "clock", action: "next" });
    // What the timer made the lesson send crossed while the step ran: it happened at the new time.
    this.host.wire.restamp(mark, this.reading);
    return true;
  }

  async setSystemTime(ms: number): Promise<void> {
    this.reading = await this.host.request<number>({ op: "clock", action: "setSystemTime", ms });
  }

  now(): number {
    return this.reading;
  }

  /** Puts the lesson's real timers back (the host serves every test of the file). */
  async uninstall(): Promise<void> {
    this.host.wire.clock = () => performance.now();
    if (!this.host.failure) await this.host.request({ op: "clock", action: "uninstall" });
  }
}

/** The harness's clock, once a test has called vi.useFakeTimers(). */
export const harnessClock: SteppableClock = {
  async next() {
    if (vi.getTimerCount() === 0) return false;
    await vi.advanceTimersToNextTimerAsync();
    return true;
  },
  now: () => Date.now(),
};

/** Waits until the host and the harness have nothing left in flight. */
export async function quiesce(host: LessonHost): Promise<void> {
  for (let seen = -1; seen !== host.activity; ) {
    seen = host.activity;
    await host.request({ op: "sync" });
    await realSetImmediate();
  }
}

/**
 * Lets messages flow between the harness and the host until `done()` holds, or
 * nothing more is happening, or `limitMs` of real time passed (a correct lesson
 * gets there in milliseconds).
 */
export async function flowUntil(done: () => boolean, host: LessonHost, limitMs = 2_000): Promise<void> {
  const until = performance.now() + limitMs;
  while (!done() && !host.failure && performance.now() < until) {
    const before = host.activity;
    await quiesce(host).catch(() => {});
    if (!done() && host.activity === before) await realSetImmediate();
  }
}

export type Settled<T> = { value: T } | { error: unknown } | undefined;

/**
 * Runs `call` on fake time: whenever nothing is in flight, the clock jumps to its
 * next timer. Returns how the call settled, or undefined when it had not after
 * `limitMs` of fake time, or when nothing was left to happen.
 */
export async function settleOnFakeTime<T>(call: Promise<T>, host: LessonHost, clock: SteppableClock, limitMs: number): Promise<Settled<T>> {
  let settled: Settled<T>;
  call.then(
    (value) => (settled = { value }),
    (error: unknown) => (settled = { error }),
  );
  const start = clock.now();
  for (;;) {
    await quiesce(host).catch(() => {});
    if (settled || host.failure) break;
    if (clock.now() - start > limitMs || !(await clock.next())) break;
  }
  // A host that died (a hang, a crash) settles the call with its reason.
  await realSetImmediate();
  return settled;
}
