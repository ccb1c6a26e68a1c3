// The lesson's clock, faked on the harness's request with @sinonjs/fake-timers:
// a test of timeouts and backoff moves time on instead of waiting for it.
import FakeTimers from "@sinonjs/fake-timers";
import type { HostOp } from "./protocol.js";

type ClockOp = Extract<HostOp, { op: "clock" }>;
type InstalledClock = ReturnType<typeof FakeTimers.install>;

export function installClock() {
  // Kept before any faking: the host's own "after everything queued" needs the real one.
  const realSetImmediate = setImmediate;
  let clock: InstalledClock | undefined;

  const installed = (): InstalledClock => {
    if (!clock) throw new Error("the lesson's clock is not faked");
    return clock;
  };

  return {
    realSetImmediate,
    async handle(request: ClockOp): Promise<number> {
      switch (request.action) {
        case "install":
          clock?.uninstall();
          clock = FakeTimers.install({
            toFake: request.toFake as NonNullable<Parameters<typeof FakeTimers.install>[0]>["toFake"],
            ...(request.now !== undefined && { now: request.now }),
          });
          return clock.now;
        case "tick":
          await installed().tickAsync(request.ms);
          return installed().now;
        case "next":
          await installed().nextAsync();
          return installed().now;
        case "setSystemTime":
          installed().setSystemTime(request.ms);
          return installed().now;
        case "count":
          return clock ? clock.countTimers() : 0;
        case "uninstall":
          clock?.uninstall();
          clock = undefined;
          return Date.now();
      }
    },
  };
}
