// The sampling requests a lesson's server sent on one connection, read from the
// wire: when each left, and when the server gave up on it (its timeout sends
// notifications/cancelled) or got its answer. Times are the wire log's clock.
import type { WireEntry } from "./wire-log.js";

export interface SamplingOnTheWire {
  sentAt: number;
  /** When the server cancelled it (its own timeout, or an abort). */
  cancelledAt?: number;
  /** When the client's answer (or error) went back. */
  answeredAt?: number;
}

export function samplingTimeline(wire: WireEntry[]): SamplingOnTheWire[] {
  const byId = new Map<unknown, SamplingOnTheWire>();
  for (const { direction, message, at } of wire) {
    const m = message as { id?: unknown; method?: string; params?: { requestId?: unknown }; result?: unknown; error?: unknown };
    if (direction === "from-lesson" && m.method === "sampling/createMessage" && m.id !== undefined) byId.set(m.id, { sentAt: at });
    if (direction === "from-lesson" && m.method === "notifications/cancelled") {
      const request = byId.get(m.params?.requestId);
      if (request && request.cancelledAt === undefined) request.cancelledAt = at;
    }
    if (direction === "to-lesson" && m.method === undefined && ("result" in m || "error" in m)) {
      const request = byId.get(m.id);
      if (request && request.answeredAt === undefined) request.answeredAt = at;
    }
  }
  return [...byId.values()];
}
