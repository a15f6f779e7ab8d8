import type { Logger } from "pino";
import { startWakeLoop } from "@ustbites/kit";
import { SCHEDULER_BATCH } from "./deliveries.ts";

export interface SchedulerOptions {
  /** One pass: moves what is due, returns how many deliveries moved. */
  advanceDue: (limit: number) => Promise<number>;
  /** When the next step is due (null: none scheduled). */
  nextDue: () => Promise<Date | null>;
  /** Shortest wait between passes, in real milliseconds: how often it looks while steps are due but blocked. */
  tickMs: number;
  /**
   * Longest wait when nothing is due: the fallback for due times this process was not told about
   * (another replica's, a courier's screen that went away). Default 5000 ms.
   */
  idleMs?: number;
  /** Called after a pass that moved something (e.g. to kick the outbox relay). */
  onAdvanced?: () => void;
  now?: () => Date;
  log: Pick<Logger, "error" | "debug">;
}

export interface Scheduler {
  /** A step was scheduled (a delivery became ready): look now rather than at the next wake-up. */
  kick(): void;
  /** Stops and waits for a pass in flight to commit or roll back. */
  stop(): Promise<void>;
}

/**
 * Moves deliveries when their steps fall due. The due instants live in the database
 * (nextTransitionAt), so a restarted or different replica picks up exactly where another left off.
 * Rather than polling on a fixed tick, each pass asks when the next step is due and sleeps until then
 * (at least `tickMs`, at most `idleMs`); whatever schedules a step kicks it awake.
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  const now = opts.now ?? (() => new Date());
  return startWakeLoop({
    async pass() {
      // A full batch means more may be due: keep going rather than wait.
      for (let moved = SCHEDULER_BATCH; moved === SCHEDULER_BATCH;) {
        moved = await opts.advanceDue(SCHEDULER_BATCH);
        if (moved > 0) opts.onAdvanced?.();
      }
      return opts.nextDue();
    },
    minSleepMs: opts.tickMs,
    maxSleepMs: opts.idleMs,
    // Rolled back: the same deliveries are still due and are retried on the next wake-up.
    onError: (err) => opts.log.error({ err }, "delivery scheduler pass failed"),
    now,
  });
}
