import closeWithGrace from "close-with-grace";
import type { FastifyBaseLogger } from "fastify";
import { ConfigError } from "./config.ts";
import type { App } from "./service.ts";

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

/** What a service's start function opens, registered as it goes. */
export interface Resources {
  /** Registers how to release `resource`, just opened; hands it back. Released newest first. */
  hold<T>(resource: T, release: (resource: T) => unknown): T;
  /** The service's app: closing it stops taking requests, then (in its onClose hook) releases everything held. */
  app<A extends App>(app: A): A;
}

/**
 * The one shape of every start.ts: `start` opens things and registers each with `resources.hold` the
 * moment it exists, so a failure half-way through start-up releases what was already open (a database
 * pool, a bus connection) instead of leaking it, and `close()` releases everything exactly once.
 */
export async function startService<S extends { app: App; address: string }>(
  log: FastifyBaseLogger,
  start: (resources: Resources) => Promise<S>,
): Promise<S & { close(): Promise<void> }> {
  const releases: (() => unknown)[] = [];
  const releaseAll = async () => {
    for (const release of releases.splice(0).reverse()) {
      try {
        await release();
      } catch (err) {
        log.error({ err }, "error while releasing a resource on close");
      }
    }
  };
  let app: App | undefined;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app ? app.close().then(() => undefined) : releaseAll());
  try {
    const service = await start({
      hold(resource, release) {
        releases.push(() => release(resource));
        return resource;
      },
      app(built) {
        app = built;
        built.addHook("onClose", releaseAll);
        return built;
      },
    });
    return { ...service, close };
  } catch (err) {
    await close();
    throw err;
  }
}
