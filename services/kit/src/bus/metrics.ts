import { Counter, type Registry } from "prom-client";

export interface BusMetrics {
  published: Counter<"type">;
  consumed: Counter<"queue" | "outcome">;
  deadLettered: Counter<"queue">;
}

export type ConsumeOutcome = "ack" | "retry" | "dead_letter";

/** The label fan-out subscriptions report under: their queue names are server-made and change per connection. */
export const FANOUT_LABEL = "fanout";

/**
 * The bus counters in `registry` (or in no registry at all). A second bus on the same registry shares
 * the first one's counters rather than failing on a duplicate name.
 */
export function busMetrics(registry: Registry | undefined): BusMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> => {
    const existing = registry?.getSingleMetric(name);
    if (existing instanceof Counter) return existing;
    return new Counter({ name, help, labelNames, registers: registry ? [registry] : [] });
  };
  return {
    published: counter("bus_published_total", "Events the broker confirmed, by type", ["type"]),
    consumed: counter("bus_consumed_total", "Deliveries handled, by queue and outcome (ack, retry, dead_letter)", [
      "queue",
      "outcome",
    ]),
    deadLettered: counter("bus_dead_lettered_total", "Messages parked in a dead-letter queue, by queue", ["queue"]),
  };
}
