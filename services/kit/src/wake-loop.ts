export interface WakeLoopOptions {
  /** One pass of work; resolves with when the next one is due (null: nothing scheduled). */
  pass: () => Promise<Date | null>;
  /** Shortest sleep between passes, in real milliseconds: how often it looks while work is due but blocked. */
  minSleepMs: number;
  /**
   * Longest sleep: the fallback for due times this process was not told about (another replica's, a
   * screen that went away). Default 5000 ms.
   */
  maxSleepMs?: number;
  /** A failed pass: its work is still due and is retried after `maxSleepMs`. */
  onError: (err: unknown) => void;
  now?: () => Date;
}

export interface WakeLoop {
  /** Something was scheduled: pass now rather than at the next wake-up (coalesced while a pass runs). */
  kick(): void;
  /** Stops and waits for a pass in flight to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` whenever work is due instead of polling on a fixed tick: after each pass it sleeps until
 * the next due instant the pass reported (at least `minSleepMs`, at most `maxSleepMs`), and whatever
 * schedules work kicks it awake. Passes never overlap; kicks during one make exactly one more.
 */
export function startWakeLoop(opts: WakeLoopOptions): WakeLoop {
  const maxSleepMs = opts.maxSleepMs ?? 5000;
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let kicked = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const sleepAfter = async (): Promise<number> => {
    try {
      const next = await opts.pass();
      if (!next) return maxSleepMs;
      return Math.min(maxSleepMs, Math.max(opts.minSleepMs, next.getTime() - now().getTime()));
    } catch (err) {
      opts.onError(err);
      return maxSleepMs;
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
    running = sleepAfter().then((delay) => {
      running = undefined;
      if (stopped) return;
      if (kicked) run();
      else {
        timer = setTimeout(run, delay);
        // The service's server keeps the process alive; the loop alone should not (tests, CLIs).
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
