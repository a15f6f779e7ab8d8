import { isTerminalStatus, OrderStreamServerMessage, type OrderStreamClientMessage } from "@ustbites/contracts";
import type { z } from "zod";
import type { ApiClient } from "../api/client.ts";

export type OrderStatusMessage = Extract<OrderStreamServerMessage, { type: "status" }>;
export type StreamConnection = "connecting" | "live" | "reconnecting" | "closed";

export interface FollowOrderOptions {
  api: ApiClient;
  orderId: string;
  /** The last seq already shown; the server replays what came after it. 0 replays the whole history. */
  afterSeq?: number;
  onStatus(message: OrderStatusMessage): void;
  onConnection?(state: StreamConnection): void;
  onError?(message: string): void;
  /** For tests: the WebSocket class and the wait before reconnect attempt n. */
  WebSocketImpl?: typeof WebSocket;
  backoffMs?: (attempt: number) => number;
  /** For tests: how often to ping, and how long a socket may stay silent before it counts as dead. */
  pingMs?: number;
  silenceMs?: number;
}

/** The application's close code for a rejected token (order-service mirrors HTTP 401). */
const CLOSE_UNAUTHORIZED = 4401;

const defaultBackoff = (attempt: number) => Math.min(500 * 2 ** attempt, 10_000);

/**
 * A phone that changes network often keeps a socket that is dead without a close event; the server's
 * WebSocket pings are invisible to page code. So the page pings too (the server answers `pong`) and
 * treats a socket silent for longer than this as gone.
 */
const PING_MS = 10_000;
const SILENCE_MS = 25_000;

function streamUrl(api: ApiClient): string {
  const base = api.baseUrl || globalThis.location.origin;
  return `${base.replace(/^http/, "ws")}/api/order/orders/stream`;
}

/**
 * Follows one order's status over the order-status WebSocket: `auth` first (browsers cannot send an
 * Authorization header on an upgrade), then `subscribe` with the last seq seen. A dropped socket
 * reconnects with backoff and resubscribes from the last seq, so every status arrives exactly once and
 * in order; a rejected token is refreshed once. A socket that falls silent, or the browser going
 * offline, counts as dropped; coming back online reconnects at once. It stops by itself at a terminal
 * status. Returns the function that stops following.
 */
export function followOrder(opts: FollowOrderOptions): () => void {
  const Impl = opts.WebSocketImpl ?? WebSocket;
  const backoff = opts.backoffMs ?? defaultBackoff;
  let lastSeq = opts.afterSeq ?? 0;
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let lastHeard = 0;
  let refreshToken = false;
  const pingMs = opts.pingMs ?? PING_MS;
  const silenceMs = opts.silenceMs ?? SILENCE_MS;

  const send = (target: WebSocket, message: OrderStreamClientMessage) => target.send(JSON.stringify(message));

  /** Gives up on the current socket without waiting for its close event, and tries again later. */
  function dropped(delayMs: number) {
    clearInterval(pingTimer);
    const old = socket;
    socket = null;
    // Detached first: its late close event must not schedule a second reconnect.
    old?.close();
    opts.onConnection?.("reconnecting");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), delayMs);
  }

  const onOffline = () => {
    if (!stopped) dropped(backoff(attempt++));
  };
  const onOnline = () => {
    if (stopped) return;
    attempt = 0;
    dropped(0);
  };
  globalThis.addEventListener?.("offline", onOffline);
  globalThis.addEventListener?.("online", onOnline);

  function stop() {
    stopped = true;
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    globalThis.removeEventListener?.("offline", onOffline);
    globalThis.removeEventListener?.("online", onOnline);
    socket?.close(1000, "done");
    socket = null;
    opts.onConnection?.("closed");
  }

  let connects = 0;
  async function connect() {
    // Coming back online can start a connect while another still waits for its token: the newest wins.
    const generation = ++connects;
    const token = await opts.api.accessToken(refreshToken);
    if (stopped || generation !== connects) return;
    if (!token) return stop();
    refreshToken = false;
    opts.onConnection?.(attempt === 0 ? "connecting" : "reconnecting");
    const ws = new Impl(streamUrl(opts.api));
    socket = ws;
    ws.onopen = () => {
      send(ws, { type: "auth", token });
      send(ws, { type: "subscribe", orderId: opts.orderId, afterSeq: lastSeq });
      lastHeard = Date.now();
      clearInterval(pingTimer);
      pingTimer = setInterval(() => {
        if (socket !== ws) return;
        if (Date.now() - lastHeard > silenceMs) return dropped(backoff(attempt++));
        send(ws, { type: "ping" });
      }, pingMs);
    };
    ws.onmessage = (event: MessageEvent) => {
      // A socket given up on may still deliver: its replacement replays from lastSeq instead.
      if (socket !== ws) return;
      lastHeard = Date.now();
      let parsed: z.ZodSafeParseResult<OrderStreamServerMessage>;
      try {
        parsed = OrderStreamServerMessage.safeParse(JSON.parse(String(event.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === "subscribed") {
        attempt = 0;
        opts.onConnection?.("live");
      } else if (message.type === "status" && message.orderId === opts.orderId) {
        // A replay can overlap what a dying socket already delivered; seq says what is new.
        if (message.seq <= lastSeq) return;
        lastSeq = message.seq;
        opts.onStatus(message);
        if (isTerminalStatus(message.status)) stop();
      } else if (message.type === "error") {
        opts.onError?.(message.message);
        if (message.code === "not_found") stop();
      }
    };
    ws.onclose = (event: CloseEvent) => {
      if (stopped || socket !== ws) return;
      if (event.code === CLOSE_UNAUTHORIZED) refreshToken = true;
      dropped(backoff(attempt++));
    };
  }

  void connect();
  return stop;
}
