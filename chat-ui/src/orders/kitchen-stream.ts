import { OrderStreamServerMessage, type OrderStreamClientMessage } from "@ustbites/contracts";
import type { ApiClient } from "../api/client.ts";
import type { OrderStatusMessage, StreamConnection } from "./order-stream.ts";

export interface FollowRestaurantOptions {
  api: ApiClient;
  restaurantId: string;
  /** Following started (or resumed after a drop): load the restaurant's orders now. */
  onSubscribed(): void;
  onStatus(message: OrderStatusMessage): void;
  onConnection?(state: StreamConnection): void;
}

/**
 * A kitchen screen's subscription to its restaurant on the order stream: `auth`, then
 * `subscribe_restaurant`; every change of the restaurant's orders arrives as a status message. There is
 * no replay, so after each (re)subscription the screen reloads its list (`onSubscribed`). While the
 * socket is open the simulated kitchen leaves this restaurant's orders to the people. Returns stop.
 */
export function followRestaurant(opts: FollowRestaurantOptions): () => void {
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const base = (opts.api.baseUrl || globalThis.location.origin).replace(/^http/, "ws");
  const send = (ws: WebSocket, message: OrderStreamClientMessage) => ws.send(JSON.stringify(message));

  async function connect(refresh = false) {
    const token = await opts.api.accessToken(refresh);
    if (stopped || !token) return;
    opts.onConnection?.(attempt === 0 ? "connecting" : "reconnecting");
    const ws = new WebSocket(`${base}/api/order/orders/stream`);
    socket = ws;
    ws.onopen = () => {
      send(ws, { type: "auth", token });
      send(ws, { type: "subscribe_restaurant", restaurantId: opts.restaurantId });
    };
    ws.onmessage = (event: MessageEvent) => {
      const parsed = OrderStreamServerMessage.safeParse(JSON.parse(String(event.data)));
      if (!parsed.success) return;
      if (parsed.data.type === "restaurant_subscribed") {
        attempt = 0;
        opts.onConnection?.("live");
        opts.onSubscribed();
      } else if (parsed.data.type === "status") opts.onStatus(parsed.data);
    };
    ws.onclose = (event: CloseEvent) => {
      if (stopped || socket !== ws) return;
      opts.onConnection?.("reconnecting");
      retry = setTimeout(() => void connect(event.code === 4401), Math.min(500 * 2 ** attempt++, 10_000));
    };
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close(1000, "done");
    opts.onConnection?.("closed");
  };
}
