import closeWithGrace from "close-with-grace";
import type { FastifyBaseLogger } from "fastify";
import { ConfigError } from "./config.ts";

/**
 * Closes what `close` releases on SIGTERM/SIGINT (or an uncaught error), within `delayMs`; Kubernetes'
 * terminationGracePeriodSeconds must be longer than this delay.
 */
export function closeOnSignal(log: FastifyBaseLogger, close: () => Promise<void>, delayMs = 10_000): void {
  closeWithGrace({ delay: delayMs }, async ({ signal, err }) => {
    if (err) log.error({ err }, "closing after an uncaught error");
    else log.info({ signal }, "closing");
    await close();
  });
}

/**
 * The body of every main.ts: start, close gracefully on a signal, and turn a config error into one
 * readable message and exit code 1 instead of a stack trace.
 */
export async function runMain(
  start: () => Promise<{ app: { log: FastifyBaseLogger }; close: () => Promise<void> }>,
): Promise<void> {
  try {
    const service = await start();
    closeOnSignal(service.app.log, service.close);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
