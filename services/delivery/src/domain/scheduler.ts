import type { Logger } from "pino";
import { SCHEDULER_BATCH } from "./deliveries.ts";

export interface SchedulerOptions {
  /** One pass: moves what is due, returns how many deliveries moved. */
  advanceDue: (limit: number) => Promise<number>;
  /** Real milliseconds between passes. */
  tickMs: number;
  /** Called after a pass that moved something (e.g. to kick the outbox relay). */
  onAdvanced?: () => void;
  log: Pick<Logger, "error" | "debug">;
}

export interface Scheduler {
  /** Stops polling and waits for a pass in flight to commit or roll back. */
  stop(): Promise<void>;
}

/**
 * Polls for due deliveries every `tickMs`. The due instants live in the database (nextTransitionAt),
 * so a restarted or different replica picks up exactly where another left off.
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      // A full batch means more may be due: keep going rather than wait a tick.
      for (let moved = SCHEDULER_BATCH; moved === SCHEDULER_BATCH && !stopped; ) {
        moved = await opts.advanceDue(SCHEDULER_BATCH);
        if (moved > 0) opts.onAdvanced?.();
      }
    } catch (err) {
      // Rolled back: the same deliveries are still due and are retried on the next tick.
      opts.log.error({ err }, "delivery scheduler pass failed");
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, opts.tickMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
