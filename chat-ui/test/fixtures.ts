import type { AgentStreamEvent, OrderConfirmation } from "@ustbites/contracts";
import { createApiClient } from "../src/api/client.ts";
import { createEndpoints } from "../src/api/endpoints.ts";
import { createSessionStore } from "../src/api/session.ts";

export const THREAD_ID = "0195f3c2-7a10-7000-8000-000000000001";

export const CONFIRMATION: OrderConfirmation = {
  kind: "place_order",
  restaurantName: "Spice Route",
  items: [{ name: "Paneer Tikka Wrap", quantity: 2, notes: null, lineTotalCents: 8400 }],
  subtotalCents: 8400,
  deliveryFeeCents: 1000,
  totalCents: 9400,
  deliveryAddress: { building: "Hall 5", room: null, instructions: null },
  paymentMethod: "card entered at confirmation",
};

/** An SSE body as the agent service writes it: one `data:` block per event. */
export function sseResponse(events: AgentStreamEvent[], chunkSize = 0): Response {
  const text = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("");
  const bytes = new TextEncoder().encode(text);
  const size = chunkSize || bytes.length;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

export const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
  });

export const SESSION = {
  user: {
    id: "0195f3c2-7a10-7000-8000-0000000000aa",
    email: "tai.man@connect.ust.hk",
    name: "Chan Tai Man",
    phone: null,
    role: "student" as const,
    restaurantId: null,
    courierId: null,
    createdAt: "2026-11-22T03:00:00.000Z",
  },
  accessToken: "access-1",
};

export interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** A fetch that answers from `respond` and records every call. */
export function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      url: String(input),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export function services(fetch: typeof globalThis.fetch, onSignedOut?: () => void) {
  const session = createSessionStore({ channel: null });
  session.set(SESSION);
  const api = createApiClient({
    session,
    fetch,
    baseUrl: "http://ustbites.test",
    ...(onSignedOut ? { onSignedOut } : {}),
  });
  return { session, api, endpoints: createEndpoints(api) };
}
