import { isTerminalStatus, type OrderStatus } from "@ustbites/contracts";
import { Check } from "lucide-react";
import { cx } from "../components/ui.tsx";
import { DELIVERY_STEPS, formatTime, isFailedStatus, STATUS_LABELS } from "../format.ts";
import type { OrderTimeline } from "./use-order-timeline.ts";

const CONNECTION_LABELS = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  closed: "",
} as const;

/**
 * The order's progress as steps with times, the ETA and whether updates are live. Every step is
 * always drawn (reached or not), so the card keeps its height as statuses arrive.
 */
export function StatusTimeline({ timeline, compact = false }: { timeline: OrderTimeline; compact?: boolean }) {
  const { events, connection } = timeline;
  const latest = events.at(-1);
  // When a status was first reached: a courier being assigned repeats the status the order is in.
  const reached = new Map<OrderStatus, string>();
  for (const e of events) if (!reached.has(e.status)) reached.set(e.status, e.at);
  const failed = latest && isFailedStatus(latest.status) ? latest : null;
  const steps = failed ? [...DELIVERY_STEPS.filter((s) => reached.has(s)), failed.status] : DELIVERY_STEPS;
  const eta = latest && !isTerminalStatus(latest.status) ? latest.eta : null;

  return (
    <div>
      <div className="mb-2 flex items-center justify-between gap-2 text-sm">
        <p
          aria-live="polite"
          data-testid="order-status"
          data-status={latest?.status ?? "PENDING"}
          className="font-semibold"
        >
          {latest ? STATUS_LABELS[latest.status] : "Waiting for the first update…"}
        </p>
        <span className="text-xs text-stone-600">
          {connection !== "closed" ? (
            <>
              <span
                aria-hidden="true"
                className={cx(
                  "mr-1 inline-block size-2 rounded-full",
                  connection === "live" ? "bg-green-600" : "bg-amber-500",
                )}
              />
              {CONNECTION_LABELS[connection]}
            </>
          ) : null}
        </span>
      </div>
      <p className="mb-2 min-h-5 text-sm text-stone-700">
        {eta ? `Arriving around ${formatTime(eta)}` : latest?.status === "DELIVERED" ? "Enjoy your meal!" : ""}
      </p>
      <ol aria-label="Order progress" className={cx("flex flex-col", compact ? "gap-1" : "gap-2")}>
        {steps.map((status) => {
          const at = reached.get(status);
          const bad = isFailedStatus(status);
          return (
            <li
              key={status}
              className="flex items-center gap-2 text-sm"
              data-step={status}
              data-reached={at ? "true" : "false"}
            >
              <span
                aria-hidden="true"
                className={cx(
                  "grid size-5 shrink-0 place-items-center rounded-full",
                  at ? (bad ? "bg-red-600 text-white" : "bg-brand-700 text-white") : "bg-stone-200",
                )}
              >
                {at ? <Check className="size-3" /> : null}
              </span>
              <span className={cx(at ? "font-medium text-stone-900" : "text-stone-600")}>{STATUS_LABELS[status]}</span>
              <span className="ml-auto tabular-nums text-stone-700">
                {at ? formatTime(at) : <span className="sr-only">not yet</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
