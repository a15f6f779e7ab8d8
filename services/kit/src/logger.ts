import { pino, type Logger } from "pino";
import { logDestination } from "./log-output.ts";

/**
 * One logger per service, tagged with its name (several services share a process in embedded mode):
 * JSON, or readable lines on a terminal (log-output.ts).
 */
export function createLogger(service: string, level = "info"): Logger {
  const destination = logDestination();
  return destination ? pino({ level, base: { service } }, destination) : pino({ level, base: { service } });
}
