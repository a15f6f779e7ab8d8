import type { DestinationStream } from "pino";
import { PinoPretty } from "pino-pretty";

/**
 * Where logs go. A person at a terminal (`npm start`) reads coloured single lines; everything else —
 * containers, CI, a pipe into a log shipper — gets pino's JSON, one object per line. Deciding by the
 * terminal rather than by a variable means nobody has to remember to switch production to JSON.
 */
export const prettyLogs = process.stdout.isTTY === true;

let terminal: DestinationStream | undefined;

/** One pretty stream for the whole process: `npm start` runs every service's logger in it. */
export function logDestination(): DestinationStream | undefined {
  if (!prettyLogs) return undefined;
  terminal ??= PinoPretty({
    colorize: true,
    singleLine: true,
    sync: true,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service",
    messageFormat: (log, messageKey, _level, { colors }) =>
      `${colors.magenta(String(log.service ?? "").padEnd(12))} ${String(log[messageKey] ?? "")}`,
  });
  return terminal;
}
