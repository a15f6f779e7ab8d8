// @vitest-environment node
import type { AddressInfo } from "node:net";
import { ORDER_STATUSES, type OrderStatus } from "@ustbites/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket as ServerSocket } from "ws";
import { createApiClient } from "../src/api/client.ts";
import { createSessionStore } from "../src/api/session.ts";
import { followOrder, type OrderStatusMessage, type StreamConnection } from "../src/orders/order-stream.ts";
import { SESSION } from "./fixtures.ts";

const ORDER_ID = "0195f3c2-7a10-7000-8000-0000000000b1";
const JOURNEY: OrderStatus[] = ["PENDING", "CONFIRMED", "PREPARING", "PICKED_UP", "DELIVERED"];

const status = (seq: number) => ({
  type: "status",
  orderId: ORDER_ID,
  status: JOURNEY[seq - 1],
  seq,
  at: new Date().toISOString(),
  eta: null,
});

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * A real WebSocket server speaking the order stream: the first connection sends PENDING, then goes
 * silent (as a socket does when a phone changes network); later ones replay from `afterSeq`.
 */
async function startStream(): Promise<{ url: string; subscriptions: number[] }> {
  const subscriptions: number[] = [];
  server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/api/order/orders/stream" });
  let connections = 0;
  server.on("connection", (socket: ServerSocket) => {
    const silent = ++connections === 1;
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { type: string; afterSeq?: number };
      if (message.type === "ping" && !silent) socket.send(JSON.stringify({ type: "pong" }));
      if (message.type !== "subscribe") return;
      const after = message.afterSeq ?? 0;
      subscriptions.push(after);
      socket.send(JSON.stringify({ type: "subscribed", orderId: ORDER_ID }));
      const last = silent ? 1 : JOURNEY.length;
      for (let seq = after + 1; seq <= last; seq++) socket.send(JSON.stringify(status(seq)));
    });
  });
  await new Promise((resolve) => server!.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, subscriptions };
}

describe("following an order over the status stream", () => {
  it("gives up on a socket that falls silent, resubscribes from the last status, and shows each status once", async () => {
    const { url, subscriptions } = await startStream();
    const session = createSessionStore({ channel: null });
    session.set(SESSION);
    const api = createApiClient({ session, baseUrl: url, fetch: () => Promise.reject(new Error("no HTTP here")) });
    const seen: OrderStatusMessage[] = [];
    const states: StreamConnection[] = [];
    await new Promise<void>((resolve) => {
      followOrder({
        api,
        orderId: ORDER_ID,
        onStatus: (message) => seen.push(message),
        onConnection: (state) => {
          states.push(state);
          if (state === "closed") resolve();
        },
        WebSocketImpl: globalThis.WebSocket,
        pingMs: 50,
        silenceMs: 300,
        backoffMs: () => 20,
      });
    });
    expect(seen.map((m) => [m.seq, m.status])).toEqual(JOURNEY.map((s, i) => [i + 1, s]));
    expect(subscriptions).toEqual([0, 1]);
    expect(states).toEqual(["connecting", "live", "reconnecting", "reconnecting", "live", "closed"]);
    expect(ORDER_STATUSES).toEqual(expect.arrayContaining(JOURNEY));
  });
});
