import { OrderStreamServerMessage, type OrderStatus } from "@ustbites/contracts";

/** Epoch milliseconds with sub-millisecond resolution, comparable with the servers' `at` timestamps. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface StatusSeen {
  status: OrderStatus;
  seq: number;
  /** When order-service says the order entered this status. */
  at: number;
  /** When this client received it. */
  receivedAt: number;
}

interface Follower {
  until: ReadonlySet<OrderStatus>;
  seen: StatusSeen[];
  resolve(seen: StatusSeen[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export interface OrderStream {
  /** Subscribes to one order (its whole history first) and resolves once a status in `until` arrives. */
  follow(orderId: string, until: readonly OrderStatus[], timeoutMs: number): Promise<StatusSeen[]>;
  close(): void;
}

/**
 * One authenticated socket on the gateway's order stream, as a browser holds it: opened before the
 * order is placed, so following a new order costs only the subscribe message.
 */
export async function openOrderStream(gateway: string, token: string): Promise<OrderStream> {
  const socket = new WebSocket(`${gateway.replace(/^http/, "ws")}/api/order/orders/stream`);
  const followers = new Map<string, Follower>();
  const failAll = (err: Error) => {
    for (const [id, f] of followers) {
      clearTimeout(f.timer);
      f.reject(err);
      followers.delete(id);
    }
  };

  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error("order stream: could not connect")), { once: true });
  });
  socket.send(JSON.stringify({ type: "auth", token }));

  socket.addEventListener("message", (event: MessageEvent) => {
    const receivedAt = nowMs();
    const message = OrderStreamServerMessage.parse(JSON.parse(String(event.data)));
    if (message.type === "error") {
      const f = message.orderId ? followers.get(message.orderId) : undefined;
      if (f && message.orderId) {
        clearTimeout(f.timer);
        followers.delete(message.orderId);
        f.reject(new Error(`order stream error ${message.code}: ${message.message}`));
      } else failAll(new Error(`order stream error ${message.code}: ${message.message}`));
      return;
    }
    if (message.type !== "status") return;
    const f = followers.get(message.orderId);
    if (!f) return;
    f.seen.push({ status: message.status, seq: message.seq, at: Date.parse(message.at), receivedAt });
    if (f.until.has(message.status)) {
      clearTimeout(f.timer);
      followers.delete(message.orderId);
      socket.send(JSON.stringify({ type: "unsubscribe", orderId: message.orderId }));
      f.resolve(f.seen);
    }
  });
  socket.addEventListener("close", (event: CloseEvent) =>
    failAll(new Error(`order stream closed (${event.code} ${event.reason})`)),
  );

  return {
    follow(orderId, until, timeoutMs) {
      return new Promise<StatusSeen[]>((resolve, reject) => {
        const seen: StatusSeen[] = [];
        const timer = setTimeout(() => {
          followers.delete(orderId);
          reject(
            new Error(`order ${orderId} saw ${seen.map((s) => s.status).join(" → ") || "nothing"} in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        followers.set(orderId, { until: new Set(until), seen, resolve, reject, timer });
        socket.send(JSON.stringify({ type: "subscribe", orderId, afterSeq: 0 }));
      });
    },
    close: () => socket.close(),
  };
}
