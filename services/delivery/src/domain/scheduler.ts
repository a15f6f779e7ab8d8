import type { Logger } from "pino";
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
  const idleMs = opts.idleMs ?? 5000;
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let kicked = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  /** Moves what is due; resolves with how long to sleep. */
  const pass = async (): Promise<number> => {
    try {
      // A full batch means more may be due: keep going rather than wait.
      for (let moved = SCHEDULER_BATCH; moved === SCHEDULER_BATCH && !stopped;) {
        moved = await opts.advanceDue(SCHEDULER_BATCH);
        if (moved > 0) opts.onAdvanced?.();
      }
      const next = await opts.nextDue();
      if (!next) return idleMs;
      return Math.min(idleMs, Math.max(opts.tickMs, next.getTime() - now().getTime()));
    } catch (err) {
      // Rolled back: the same deliveries are still due and are retried on the next wake-up.
      opts.log.error({ err }, "delivery scheduler pass failed");
      return idleMs;
    }
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      kicked = true;
      return;
    }
    clearTimeout(timer);
    kicked = false;
    running = pass().then((delay) => {
      running = undefined;
      if (stopped) return;
      if (kicked) run();
      else {
        timer = setTimeout(run, delay);
        timer.unref();
      }
    });
  };
  run();

  return {
    kick: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
