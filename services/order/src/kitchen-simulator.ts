import type { Logger } from "pino";
import { inTraceOf } from "@ustbites/kit";
import type { Kitchen } from "./domain/kitchen.ts";
import type { OrderRepository } from "./repositories/orders.ts";

export interface KitchenSimulatorOptions {
  repo: OrderRepository;
  kitchen: Kitchen;
  /** Real milliseconds a paid order waits for a person before the simulated kitchen accepts it. */
  autoAcceptMs: number;
  /** A kitchen screen not seen for this long no longer counts as someone signed in. */
  presenceTtlMs: number;
  tickMs: number;
  now: () => Date;
  onEventsEnqueued: () => void;
  log: Pick<Logger, "error" | "info">;
}

export interface KitchenSimulator {
  /** One pass now; resolves with how many orders it moved. */
  pass(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 50;

/** A kitchen screen refreshes its session every heartbeat; three missed ones and it counts as gone. */
export const kitchenPresenceTtl = (heartbeatMs: number): number => 3 * heartbeatMs;

/**
 * Plays the restaurant for every restaurant nobody is signed in for (no live kitchen screen): accepts
 * a paid order after `autoAcceptMs` with the restaurant's usual prep time, then marks it ready when
 * that time is up on the simulated clock. It goes through the same saga steps as staff do, each in
 * its own transaction that re-checks the status, so several replicas (or a person tapping at the
 * same moment) never move an order twice.
 */
export function startKitchenSimulator(opts: KitchenSimulatorOptions): KitchenSimulator {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function pass(): Promise<number> {
    const now = opts.now();
    const staffed = await opts.repo.staffedRestaurants(new Date(now.getTime() - opts.presenceTtlMs));
    const due = await opts.repo.unattended({ confirmedBefore: new Date(now.getTime() - opts.autoAcceptMs), dueBy: now, staffed, limit: BATCH });
    let moved = 0;
    for (const order of due) {
      const accept = order.status === "CONFIRMED";
      // In the order's own trace: what the kitchen does next (and delivery after it) belongs to that order's story.
      const changed = await inTraceOf("order", accept ? "kitchen simulator accept" : "kitchen simulator ready", order.traceparent, () =>
        accept ? opts.kitchen.autoAccept(order.id) : opts.kitchen.autoReady(order.id),
      );
      if (changed) moved++;
    }
    if (moved > 0) opts.onEventsEnqueued();
    return moved;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .catch((err: unknown) => opts.log.error({ err }, "kitchen simulator pass failed"))
        .finally(schedule);
    }, opts.tickMs);
  };
  schedule();

  return {
    pass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
