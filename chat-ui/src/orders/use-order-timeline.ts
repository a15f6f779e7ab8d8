import { useEffect, useState } from "react";
import { useApp } from "../app-context.tsx";
import { followOrder, type OrderStatusMessage, type StreamConnection } from "./order-stream.ts";

export interface OrderTimeline {
  /** Every status so far, by seq. */
  events: OrderStatusMessage[];
  connection: StreamConnection;
  error: string | null;
}

const INITIAL: OrderTimeline = { events: [], connection: "connecting", error: null };

/**
 * An order's live status history: the stream replays the whole history first (afterSeq 0), then
 * pushes changes, so a page opened (or reloaded) mid-delivery shows every status exactly once.
 */
export function useOrderTimeline(orderId: string | undefined): OrderTimeline {
  const { api } = useApp();
  const [timeline, setTimeline] = useState<OrderTimeline & { orderId?: string }>(INITIAL);

  useEffect(() => {
    if (!orderId) return;
    // Updates for another order than the one now followed start from scratch.
    const update = (change: (t: OrderTimeline) => Partial<OrderTimeline>) =>
      setTimeline((t) => {
        const base = t.orderId === orderId ? t : { ...INITIAL, orderId };
        return { ...base, ...change(base) };
      });
    return followOrder({
      api,
      orderId,
      afterSeq: 0,
      onStatus: (message) => update((t) => ({ events: [...t.events, message].sort((a, b) => a.seq - b.seq) })),
      onConnection: (connection) => update(() => ({ connection })),
      onError: (error) => update(() => ({ error })),
    });
  }, [api, orderId]);

  return timeline.orderId === orderId ? timeline : INITIAL;
}
