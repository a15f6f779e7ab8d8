import { pino, type Logger } from "pino";

/** One JSON logger per service, tagged with its name (several services share a process in embedded mode). */
export function createLogger(service: string, level = "info"): Logger {
  return pino({ level, base: { service } });
}
