import type { Logger } from "pino";
import { inTraceOf, startWakeLoop } from "@ustbites/kit";
import type { Kitchen } from "./domain/kitchen.ts";
import type { OrderRepository } from "./repositories/orders.ts";

export interface KitchenSimulatorOptions {
  repo: OrderRepository;
  kitchen: Kitchen;
  /** Real milliseconds a paid order waits for a person before the simulated kitchen accepts it. */
  autoAcceptMs: number;
  /** A kitchen screen not seen for this long no longer counts as someone signed in. */
  presenceTtlMs: number;
  /** Shortest wait between passes, in real milliseconds. */
  tickMs: number;
  /**
   * Longest wait: the fallback for orders this process was not told about (another replica's, a
   * kitchen screen that went away). Default 5000 ms.
   */
  idleMs?: number;
  now: () => Date;
  onEventsEnqueued: () => void;
  log: Pick<Logger, "error" | "info">;
}

export interface KitchenSimulator {
  /** One pass now; resolves with how many orders it moved. */
  pass(): Promise<number>;
  /** An order was paid: look now rather than at the next wake-up. */
  kick(): void;
  stop(): Promise<void>;
}

const BATCH = 50;

/** A kitchen screen refreshes its session every heartbeat; three missed ones and it counts as gone. */
export const kitchenPresenceTtl = (heartbeatMs: number): number => 3 * heartbeatMs;

/**
 * Plays the restaurant for every restaurant nobody is signed in for (no live kitchen screen): accepts
 * a paid order after `autoAcceptMs` with the restaurant's usual prep time, then marks it ready when
 * that time is up on the simulated clock. It goes through the same saga steps as staff do, each
 * re-checking the status as it writes, so several replicas (or a person tapping at the same moment)
 * never move an order twice. Rather than polling on a fixed tick, each pass asks when the next order
 * is due and sleeps until then (at least `tickMs`, at most `idleMs`); a payment confirmed kicks it.
 * A pass is one statement (the due orders with their items, and when the next is due) and each due
 * order's step.
 */
export function startKitchenSimulator(opts: KitchenSimulatorOptions): KitchenSimulator {
  async function pass(): Promise<number> {
    return (await passAndNext()).moved;
  }

  async function passAndNext(): Promise<{ moved: number; next: Date | null }> {
    const now = opts.now();
    const work = await opts.repo.kitchenWork({
      seenSince: new Date(now.getTime() - opts.presenceTtlMs),
      confirmedBefore: new Date(now.getTime() - opts.autoAcceptMs),
      dueBy: now,
      autoAcceptMs: opts.autoAcceptMs,
      limit: BATCH,
    });
    let next = work.next;
    let moved = 0;
    for (const order of work.due) {
      // In the order's own trace: what the kitchen does next (and delivery after it) belongs to that order's story.
      if (order.status === "CONFIRMED") {
        const readyBy = await inTraceOf("order", "kitchen simulator accept", order.traceparent, () =>
          opts.kitchen.autoAccept(order),
        );
        if (!readyBy) continue;
        moved++;
        // Accepted just now: it falls due again when it is ready, which the look above could not know.
        if (!next || readyBy < next) next = readyBy;
      } else if (
        await inTraceOf("order", "kitchen simulator ready", order.traceparent, () => opts.kitchen.autoReady(order))
      )
        moved++;
    }
    if (moved > 0) opts.onEventsEnqueued();
    // A full batch: more are due now.
    return { moved, next: work.due.length === BATCH ? opts.now() : next };
  }

  const loop = startWakeLoop({
    pass: async () => (await passAndNext()).next,
    minSleepMs: opts.tickMs,
    maxSleepMs: opts.idleMs,
    onError: (err) => opts.log.error({ err }, "kitchen simulator pass failed"),
    now: opts.now,
  });

  return {
    pass,
    kick: loop.kick,
    stop: loop.stop,
  };
}
