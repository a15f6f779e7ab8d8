import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";
import { WebSocket } from "ws";
import {
  buildWorld,
  CALLERS,
  MATRIX,
  requestFor,
  servedRoutes,
  STREAM_ALLOW,
  type Caller,
  type ServedRoute,
  type World,
} from "./access-matrix.ts";

let p: RealPlatform;
let w: World;
let routes: ServedRoute[];
beforeAll(async () => {
  p = await startRealPlatform();
  w = await buildWorld(p);
  routes = await servedRoutes(p);
}, 180_000);
afterAll(() => p?.close());

/** Deny is 401, 403, or 404 (someone else's resource answers like a missing one). */
const DENIED = new Set([401, 403, 404]);

/** Callers who may not see A's resources, whatever they are allowed to call. */
const STRANGERS: readonly Caller[] = ["anonymous", "studentB", "staffOther", "otherCourier"];

/** The order-status socket as `caller`: subscribing to A's order. 401 when closed unauthenticated, the error code's status otherwise. */
async function probeStream(caller: Caller): Promise<number> {
  const ws = new WebSocket(`${p.gateway.replace(/^http/, "ws")}/api/order/orders/stream`);
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${caller}: the stream said nothing`)), 10_000);
      const done = (status: number) => {
        clearTimeout(timer);
        resolve(status);
      };
      ws.onopen = () => {
        if (caller !== "anonymous") ws.send(JSON.stringify({ type: "auth", token: w.tokens[caller] }));
        ws.send(JSON.stringify({ type: "subscribe", orderId: w.order.id, afterSeq: 0 }));
      };
      ws.onclose = (event) => done(event.code === 4401 ? 401 : 500);
      ws.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as { type: string; code?: string };
        if (message.type === "subscribed") done(200);
        if (message.type === "error")
          done({ unauthorized: 401, forbidden: 403, not_found: 404 }[message.code ?? ""] ?? 400);
      };
    });
  } finally {
    ws.close();
  }
}

describe("the authorization matrix: every route of every service, called as every kind of caller", () => {
  it("lists exactly the routes the services serve: a new route needs a row in access-matrix.ts", () => {
    const served = routes.map((r) => r.key).sort();
    expect(served).toEqual(Object.keys(MATRIX).sort());
  });

  it("gives each caller what the matrix allows and refuses the rest, on A's real order, delivery, cart and thread", async () => {
    const mismatches: string[] = [];
    const leaks: string[] = [];
    for (const route of routes) {
      const rc = MATRIX[route.key];
      if (!rc) continue;
      for (const caller of CALLERS) {
        const { url, init } = await requestFor(w, route, rc, caller);
        const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        const { status } = res;
        const text = await res.text();
        const allowed = rc.allow.includes(caller);
        if (status >= 500 || allowed === DENIED.has(status)) {
          mismatches.push(
            `${route.key} as ${caller}: ${status} (expected ${allowed ? "allowed" : "denied"}) ${text.slice(0, 160)}`,
          );
        }
        if (STRANGERS.includes(caller) && status < 300 && (text.includes(w.order.id) || text.includes(w.threadId))) {
          leaks.push(`${route.key} as ${caller} shows student A's order or thread`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(leaks).toEqual([]);
  }, 180_000);

  it("lets only A follow A's order on the order-status socket", async () => {
    const answers = Object.fromEntries(
      await Promise.all(CALLERS.map(async (caller) => [caller, await probeStream(caller)] as const)),
    );
    // Without a token the socket closes (4401); anyone else's subscription answers not_found, like a missing order.
    expect(answers).toEqual(
      Object.fromEntries(
        CALLERS.map((caller) => [caller, STREAM_ALLOW.includes(caller) ? 200 : caller === "anonymous" ? 401 : 404]),
      ),
    );
  });
});
