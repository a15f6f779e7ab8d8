import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Order } from "@ustbites/contracts";
import { CLOSE_UNAUTHORIZED } from "../src/routes/stream.ts";
import { openStream, sleep, startStack, type OrderInstance, type Stack, type Student } from "./helpers.ts";

const HEARTBEAT_MS = 300;
let stack: Stack;
let replicaB: OrderInstance;
beforeAll(async () => {
  stack = await startStack({ heartbeatMs: HEARTBEAT_MS, streamAuthTimeoutMs: 300 });
  replicaB = await stack.startInstance();
});
afterAll(async () => {
  await replicaB?.close();
  await stack?.close();
});

async function confirmedOrder(): Promise<{ s: Student; order: Order }> {
  const s = await stack.student();
  const item = await stack.menuItem("canton-kitchen", "Char Siu Rice");
  await stack.addToCart(s, item.id);
  const order = (await stack.place(s)).json() as Order;
  expect(order.status).toBe("CONFIRMED");
  return { s, order };
}

const seqs = (stream: Awaited<ReturnType<typeof openStream>>, orderId: string) =>
  stream.statuses(orderId).map((m) => [m.seq, m.status]);

describe("order-status stream", () => {
  it("replays the history, then pushes every live status in seq order without gaps or duplicates", async () => {
    const { s, order } = await confirmedOrder();
    const stream = await openStream(stack.app, { authorization: s.authorization });
    stream.send({ type: "subscribe", orderId: order.id });
    await stream.waitFor((m) => m.filter((x) => x.type === "status").length === 2);
    expect(stream.messages[0]).toEqual({ type: "subscribed", orderId: order.id });

    const kitchen = await stack.staff();
    expect((await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 12 })).statusCode).toBe(200);
    await stack.deliveryEvent("delivery.assigned", order.id, s.id);
    await expect
      .poll(async () => (await stack.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).courier, {
        message: "courier noted",
      })
      .not.toBeNull();
    expect((await stack.kitchen(kitchen, order.id, "ready")).statusCode).toBe(200);
    await stack.deliveryEvent("delivery.picked_up", order.id, s.id);
    await stack.deliveryEvent("delivery.delivered", order.id, s.id);
    await stream.waitFor(() => stream.statuses(order.id).length >= 7);
    await sleep(200);
    expect(seqs(stream, order.id)).toEqual([
      [1, "PENDING"],
      [2, "CONFIRMED"],
      [3, "PREPARING"],
      [4, "PREPARING"],
      [5, "READY_FOR_PICKUP"],
      [6, "PICKED_UP"],
      [7, "DELIVERED"],
    ]);
    const assigned = stream.statuses(order.id)[3];
    expect(assigned?.eta).toEqual(expect.any(String));
    stream.close();
  });

  it("gives a client reconnecting with afterSeq exactly what it missed, then live events", async () => {
    const { s, order } = await confirmedOrder();
    const first = await openStream(stack.app, { authorization: s.authorization });
    first.send({ type: "subscribe", orderId: order.id });
    await first.waitFor(() => first.statuses(order.id).length === 2);
    first.close();

    const kitchen = await stack.staff();
    expect((await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 12 })).statusCode).toBe(200);

    const second = await openStream(stack.app, { authorization: s.authorization });
    second.send({ type: "subscribe", orderId: order.id, afterSeq: 2 });
    await second.waitFor(() => second.statuses(order.id).length === 1);
    expect((await stack.kitchen(kitchen, order.id, "ready")).statusCode).toBe(200);
    await second.waitFor(() => second.statuses(order.id).length === 2);
    await sleep(200);
    expect(seqs(second, order.id)).toEqual([
      [3, "PREPARING"],
      [4, "READY_FOR_PICKUP"],
    ]);
    second.close();
  });

  it("lets a browser authenticate with a first `auth` message instead of a header", async () => {
    const { s, order } = await confirmedOrder();
    const stream = await openStream(stack.app);
    stream.send({ type: "auth", token: s.token });
    stream.send({ type: "subscribe", orderId: order.id, afterSeq: 1 });
    await stream.waitFor(() => stream.statuses(order.id).length === 1);
    expect(seqs(stream, order.id)).toEqual([[2, "CONFIRMED"]]);
    stream.send({ type: "ping" });
    await stream.waitFor((m) => m.some((x) => x.type === "pong"));
    stream.close();
  });

  it("refuses another student's order and an unknown one with not_found, sending none of their events", async () => {
    const { s, order } = await confirmedOrder();
    const intruder = await stack.student();
    const stream = await openStream(stack.app, { authorization: intruder.authorization });
    stream.send({ type: "subscribe", orderId: order.id });
    const unknown = randomUUID();
    stream.send({ type: "subscribe", orderId: unknown });
    await stream.waitFor((m) => m.filter((x) => x.type === "error").length === 2);
    expect(stream.messages).toEqual([
      { type: "error", code: "not_found", message: expect.any(String), orderId: order.id },
      { type: "error", code: "not_found", message: expect.any(String), orderId: unknown },
    ]);
    // The owner's change is not pushed to the intruder either.
    const cancelled = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
    });
    expect(cancelled.statusCode).toBe(200);
    await sleep(300);
    expect(stream.statuses(order.id)).toEqual([]);
    stream.close();
  });

  it("answers a malformed message with bad_message and keeps the socket open", async () => {
    const s = await stack.student();
    const stream = await openStream(stack.app, { authorization: s.authorization });
    stream.socket.send("not json");
    stream.send({ type: "subscribe", orderId: "nope" });
    stream.send({ type: "shout" });
    await stream.waitFor((m) => m.filter((x) => x.type === "error").length === 3);
    expect(stream.messages.every((m) => m.type === "error" && m.code === "bad_message")).toBe(true);
    expect(stream.closeCode()).toBeUndefined();
    stream.close();
  });

  it.each([
    ["no token at all", {}, undefined],
    ["an invalid bearer token", { authorization: "Bearer not.a.jwt" }, undefined],
    ["a first message other than auth", {}, { type: "ping" }],
    ["an auth message with an invalid token", {}, { type: "auth", token: "forged" }],
  ])("closes the socket with 4401 for %s", async (_name, headers, first) => {
    const stream = await openStream(stack.app, headers);
    if (first) stream.send(first);
    expect(await stream.waitClosed(3000)).toBe(CLOSE_UNAUTHORIZED);
    expect(stream.messages.filter((m) => m.type === "status")).toEqual([]);
  });

  it("terminates a peer that stops answering pings, and keeps one that answers", async () => {
    const s = await stack.student();
    const dead = await openStream(stack.app, { authorization: s.authorization }, { answerPings: false });
    const alive = await openStream(stack.app, { authorization: s.authorization });
    await dead.waitClosed(HEARTBEAT_MS * 5);
    expect(alive.closeCode()).toBeUndefined();
    alive.close();
  });

  it("pushes a change made through one replica to a socket held by another", async () => {
    const { s, order } = await confirmedOrder();
    const onB = await openStream(replicaB.app, { authorization: s.authorization });
    onB.send({ type: "subscribe", orderId: order.id });
    await onB.waitFor(() => onB.statuses(order.id).length === 2);

    // Replica A (stack.app) makes the change; B learns of it only through the fan-out.
    const res = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
    });
    expect(res.statusCode).toBe(200);
    await onB.waitFor(() => onB.statuses(order.id).length === 3);
    expect(seqs(onB, order.id)).toEqual([
      [1, "PENDING"],
      [2, "CONFIRMED"],
      [3, "CANCELLED"],
    ]);
    onB.close();
  });
});
