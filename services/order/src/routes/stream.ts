import type { WebSocket } from "@fastify/websocket";
import {
  OrderStreamClientMessage,
  type OrderStatusChangedPayload,
  type OrderStreamErrorCode,
  type OrderStreamServerMessage,
} from "@ustbites/contracts";
import { bearerToken, newId, type App, type AuthenticatedUser, type TokenVerifier } from "@ustbites/kit";
import type { FastifyBaseLogger } from "fastify";
import type { OrderEventRow, OrderRepository } from "../repositories/orders.ts";
import type { StatusHub } from "../stream/hub.ts";

export interface StreamRoutesOptions {
  hub: StatusHub;
  repo: OrderRepository;
  verify: TokenVerifier;
  /** Ping period; a socket that has not answered the previous ping by the next one is terminated. */
  heartbeatMs: number;
  /** Without an Authorization header, how long the first message (`auth`) may take. */
  authTimeoutMs: number;
  now: () => Date;
}

/** Close code for "no valid token": 4000–4999 are the application's; 4401 mirrors HTTP 401. */
export const CLOSE_UNAUTHORIZED = 4401;

type Status = Extract<OrderStreamServerMessage, { type: "status" }>;

interface Subscription {
  /** The highest seq sent to the client; events at or below it are never sent again. */
  lastSent: number;
  /** Live changes held back while the history is being replayed; null once live. */
  buffer: OrderStatusChangedPayload[] | null;
  /** Serialises sends, so a database catch-up and a live change never interleave. */
  chain: Promise<void>;
  stop: () => void;
}

const fromRow = (row: OrderEventRow): Status => ({
  type: "status",
  orderId: row.orderId,
  status: row.status,
  seq: row.seq,
  at: row.at.toISOString(),
  eta: row.eta ? row.eta.toISOString() : null,
});

const fromChange = (c: OrderStatusChangedPayload): Status => ({
  type: "status",
  orderId: c.orderId,
  status: c.status,
  seq: c.seq,
  at: c.at,
  eta: c.eta,
});

/**
 * A kitchen screen's subscription to its restaurant: live changes only. The screen loads the
 * restaurant's orders over HTTP after `restaurant_subscribed`, so a change committed in between
 * reaches it one way or the other; listening starts before that message is sent. While it lasts,
 * the session's row in kitchen_sessions tells the simulated kitchen that people run this restaurant.
 */
interface KitchenWatch {
  restaurantId: string;
  stop: () => void;
}

/**
 * One socket: authenticate (header at upgrade, or an `auth` first message), then any number of
 * subscriptions. Each subscription listens live first and buffers, replays the history after
 * `afterSeq` from the database, then flushes the buffer skipping what was already sent: in seq order,
 * no gap, no duplicate. A live change that skips ahead (a missed or reordered broker message) is
 * filled from the database too.
 */
function openSession(
  socket: WebSocket,
  headerToken: string | undefined,
  opts: StreamRoutesOptions,
  log: FastifyBaseLogger,
) {
  let user: AuthenticatedUser | null = null;
  let closed = false;
  const subscriptions = new Map<string, Subscription>();
  const sessionId = newId();
  let kitchen: KitchenWatch | null = null;

  const send = (message: OrderStreamServerMessage) => {
    if (!closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const sendError = (code: OrderStreamErrorCode, message: string, orderId?: string) =>
    send({ type: "error", code, message, ...(orderId ? { orderId } : {}) });
  const reject = (reason: string) => {
    if (!closed) socket.close(CLOSE_UNAUTHORIZED, reason);
  };

  async function authenticate(token: string): Promise<void> {
    try {
      user = await opts.verify(token);
    } catch {
      reject("invalid access token");
    }
  }

  /** Sends what the database holds after `lastSent`. */
  async function catchUp(orderId: string, sub: Subscription): Promise<void> {
    for (const row of await opts.repo.eventsAfter(orderId, sub.lastSent)) {
      if (row.seq <= sub.lastSent) continue;
      send(fromRow(row));
      sub.lastSent = row.seq;
    }
  }

  function deliver(orderId: string, sub: Subscription, change: OrderStatusChangedPayload): Promise<void> {
    if (change.seq <= sub.lastSent) return Promise.resolve();
    if (change.seq === sub.lastSent + 1) {
      send(fromChange(change));
      sub.lastSent = change.seq;
      return Promise.resolve();
    }
    // The change is committed before it is published, so the database has everything up to it.
    return catchUp(orderId, sub);
  }

  function enqueue(orderId: string, sub: Subscription, work: () => Promise<void>) {
    sub.chain = sub.chain.then(work).catch((err: unknown) => {
      log.error({ err, orderId }, "order stream: sending status failed");
      sendError("internal", "Could not send the order's status; subscribe again", orderId);
    });
  }

  async function subscribe(orderId: string, afterSeq: number, owner: AuthenticatedUser): Promise<void> {
    subscriptions.get(orderId)?.stop();
    subscriptions.delete(orderId);
    const order = await opts.repo.findOwned(orderId, owner.id);
    if (!order) return sendError("not_found", `No order ${orderId}`, orderId);

    const sub: Subscription = { lastSent: afterSeq, buffer: [], chain: Promise.resolve(), stop: () => {} };
    sub.stop = opts.hub.listen(orderId, (change) => {
      if (change.userId !== owner.id) return;
      if (sub.buffer) sub.buffer.push(change);
      else enqueue(orderId, sub, () => deliver(orderId, sub, change));
    });
    subscriptions.set(orderId, sub);
    send({ type: "subscribed", orderId });
    enqueue(orderId, sub, async () => {
      await catchUp(orderId, sub);
      const buffered = (sub.buffer ?? []).sort((a, b) => a.seq - b.seq);
      sub.buffer = null;
      for (const change of buffered) await deliver(orderId, sub, change);
    });
    await sub.chain;
  }

  /** Staff of this restaurant only; anyone else is told it is not theirs, as for someone else's order. */
  async function subscribeRestaurant(restaurantId: string, caller: AuthenticatedUser): Promise<void> {
    if (caller.role !== "staff" || caller.restaurantId !== restaurantId) {
      return sendError("forbidden", "Only staff of this restaurant may follow its orders");
    }
    kitchen?.stop();
    const stop = opts.hub.listenRestaurant(restaurantId, (change) => send({ ...fromChange(change), restaurantId }));
    kitchen = { restaurantId, stop };
    await opts.repo.touchKitchen(sessionId, restaurantId, opts.now());
    send({ type: "restaurant_subscribed", restaurantId });
  }

  function leaveKitchen() {
    if (!kitchen) return;
    kitchen.stop();
    kitchen = null;
    opts.repo
      .leaveKitchen(sessionId)
      .catch((err: unknown) => log.warn({ err }, "order stream: could not end the kitchen session"));
  }

  async function onMessage(raw: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      if (!user) return reject("the first message must be {type:'auth', token}");
      return sendError("bad_message", "Messages are JSON objects");
    }
    const parsed = OrderStreamClientMessage.safeParse(json);
    if (!user) {
      if (parsed.success && parsed.data.type === "auth") return authenticate(parsed.data.token);
      return reject("the first message must be {type:'auth', token}");
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(
        "bad_message",
        issue ? `${issue.path.join(".") || "message"}: ${issue.message}` : "Unrecognised message",
      );
    }
    const message = parsed.data;
    switch (message.type) {
      case "auth":
        return sendError("bad_message", "Already authenticated");
      case "ping":
        return send({ type: "pong" });
      case "unsubscribe":
        subscriptions.get(message.orderId)?.stop();
        subscriptions.delete(message.orderId);
        return;
      case "subscribe":
        return subscribe(message.orderId, message.afterSeq ?? 0, user);
      case "subscribe_restaurant":
        return subscribeRestaurant(message.restaurantId, user);
    }
  }

  // Messages are handled one at a time, in arrival order: an `auth` is verified before the
  // `subscribe` a browser sends right behind it.
  let inbound: Promise<void> = headerToken ? authenticate(headerToken) : Promise.resolve();
  const authTimer = headerToken
    ? undefined
    : setTimeout(() => {
        if (!user) reject("no access token within the time allowed");
      }, opts.authTimeoutMs);

  socket.on("message", (data, isBinary) => {
    const text = isBinary
      ? ""
      : Buffer.isBuffer(data)
        ? data.toString("utf8")
        : Buffer.concat(data as Buffer[]).toString("utf8");
    inbound = inbound
      .then(() => onMessage(text))
      .catch((err: unknown) => {
        log.error({ err }, "order stream: handling a message failed");
        sendError("internal", "Something went wrong on our side");
      });
  });

  let alive = true;
  socket.on("pong", () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (!alive) {
      log.info("order stream: peer missed a heartbeat, terminating");
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
    // A kitchen that still answers heartbeats is still staffed.
    if (kitchen) {
      opts.repo
        .touchKitchen(sessionId, kitchen.restaurantId, opts.now())
        .catch((err: unknown) => log.warn({ err }, "order stream: could not refresh the kitchen session"));
    }
  }, opts.heartbeatMs);

  socket.on("close", () => {
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(authTimer);
    for (const sub of subscriptions.values()) sub.stop();
    subscriptions.clear();
    leaveKitchen();
  });
}

export async function streamRoutes(app: App, opts: StreamRoutesOptions): Promise<void> {
  app.get(
    "/orders/stream",
    {
      websocket: true,
      // The socket authenticates itself (an Authorization header, or a browser's first `auth`
      // message within authTimeoutMs) and checks each subscription's owner: see openSession.
      config: { access: "public" },
      schema: {
        tags: ["orders"],
        summary:
          "WebSocket: live status of your orders, or (staff) of your restaurant's orders (see README: stream protocol)",
        security: [{ bearer: [] }],
      },
    },
    (socket, request) => openSession(socket, bearerToken(request), opts, request.log),
  );
}
