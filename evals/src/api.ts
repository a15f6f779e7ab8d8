import { randomBytes, randomUUID } from "node:crypto";
import {
  AgentStreamEvent,
  AuthResponse,
  Cart,
  Menu,
  Order,
  OrderPage,
  RestaurantPage,
  ThreadDetail,
  type CardInput,
  type MenuItem,
} from "@ustbites/contracts";

/** A student as the harness knows them: their id and their own access token. */
export interface Student {
  id: string;
  email: string;
  token: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface StreamResult {
  status: number;
  events: AgentStreamEvent[];
  /** The problem's detail when the request was refused before streaming. */
  problem?: string | undefined;
}

/**
 * The platform as a client sees it: only the gateway's public routes, each call with the acting
 * student's own token. The harness never talks to a service behind the gateway's back.
 */
export function createApi(gatewayUrl: string, opts: { agentUrl?: string | undefined } = {}) {
  // The agent under test may be another instance (a deliberately broken one, in tests).
  const agentBase = opts.agentUrl ?? `${gatewayUrl}/api/agent`;

  async function call<T>(
    path: string,
    parse: (body: unknown) => T,
    init: RequestInit & { token?: string } = {},
  ): Promise<T> {
    const { token, ...rest } = init;
    const res = await fetch(path.startsWith("http") ? path : `${gatewayUrl}${path}`, {
      ...rest,
      headers: {
        ...(rest.body ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(rest.headers as Record<string, string> | undefined),
      },
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, `${init.method ?? "GET"} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return parse(text ? JSON.parse(text) : undefined);
  }

  /** POSTs to an SSE endpoint and collects every `data:` event until the stream ends. */
  async function stream(path: string, token: string, body: unknown, signal?: AbortSignal): Promise<StreamResult> {
    const res = await fetch(`${agentBase}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, accept: "text/event-stream" },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    if (!res.ok || !res.body) {
      const text = await res.text();
      let problem = text.slice(0, 300);
      try {
        problem = (JSON.parse(text) as { detail?: string; title?: string }).detail ?? problem;
      } catch {
        // not problem+json: keep the raw text
      }
      return { status: res.status, events: [], problem };
    }
    const events: AgentStreamEvent[] = [];
    const decoder = new TextDecoder();
    let buffer = "";
    const flush = (block: string) => {
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (data) events.push(AgentStreamEvent.parse(JSON.parse(data)));
    };
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        flush(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    if (buffer.trim()) flush(buffer);
    return { status: res.status, events };
  }

  return {
    gatewayUrl,
    async register(name = "Eval Student"): Promise<Student> {
      const email = `eval-${randomBytes(6).toString("hex")}@connect.ust.hk`;
      const auth = await call("/api/user/auth/register", (b) => AuthResponse.parse(b), {
        method: "POST",
        body: JSON.stringify({ email, password: `pw-${randomBytes(8).toString("hex")}`, name }),
      });
      return { id: auth.user.id, email, token: auth.tokens.accessToken };
    },
    restaurants: () => call("/api/restaurant/restaurants?limit=100", (b) => RestaurantPage.parse(b).items),
    menu: (slug: string) => call(`/api/restaurant/restaurants/${slug}/menu`, (b) => Menu.parse(b)),
    /** Signs in an existing account (e.g. a demo admin or kitchen). */
    signIn: async (email: string, password: string): Promise<Student> => {
      const auth = await call("/api/user/auth/login", (b) => AuthResponse.parse(b), {
        method: "POST",
        body: JSON.stringify({ email, password }),
      });
      return { id: auth.user.id, email, token: auth.tokens.accessToken };
    },
    /** As the restaurant's staff or an admin: students may not. */
    setAvailable: (staff: Student, itemId: string, available: boolean) =>
      call(`/api/restaurant/items/${itemId}/availability`, () => undefined, {
        method: "PATCH",
        token: staff.token,
        body: JSON.stringify({ available }),
      }),
    cart: (student: Student) => call("/api/cart/cart", (b) => Cart.parse(b), { token: student.token }),
    addToCart: (student: Student, item: MenuItem, quantity: number, notes?: string) =>
      call("/api/cart/cart/items", (b) => Cart.parse(b), {
        method: "POST",
        token: student.token,
        body: JSON.stringify({ itemId: item.id, quantity, ...(notes ? { notes } : {}) }),
      }),
    clearCart: (student: Student) =>
      call("/api/cart/cart", () => undefined, { method: "DELETE", token: student.token }),
    async orders(student: Student): Promise<Order[]> {
      const all: Order[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await call(`/api/order/orders?limit=100&offset=${offset}`, (b) => OrderPage.parse(b), {
          token: student.token,
        });
        all.push(...page.items);
        if (all.length >= page.total || page.items.length === 0) return all;
      }
    },
    order: (student: Student, id: string) =>
      call(`/api/order/orders/${id}`, (b) => Order.parse(b), { token: student.token }),
    /** Places the student's cart as an order, as the web app's checkout does. A declined card answers 402 with the order. */
    async placeOrder(
      student: Student,
      address: { building: string; room?: string | undefined },
      card: CardInput,
    ): Promise<Order> {
      const res = await fetch(`${gatewayUrl}/api/order/orders`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${student.token}`,
          "idempotency-key": randomUUID(),
        },
        body: JSON.stringify({
          deliveryAddress: { building: address.building, ...(address.room ? { room: address.room } : {}) },
          payment: card,
        }),
      });
      const body: unknown = await res.json();
      const parsed = Order.safeParse(body);
      if (parsed.success) return parsed.data;
      const orderId = (body as { orderId?: string }).orderId;
      if (orderId) return this.order(student, orderId);
      throw new ApiError(res.status, `POST /orders: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    },
    cancelOrder: (student: Student, id: string) =>
      call(`/api/order/orders/${id}/cancel`, (b) => Order.parse(b), {
        method: "POST",
        token: student.token,
        body: JSON.stringify({}),
      }),
    chat: (student: Student, body: { threadId?: string; message: string }, signal?: AbortSignal) =>
      stream("/chat", student.token, body, signal),
    resume: (
      student: Student,
      body: { threadId: string; decision: string; message?: string; payment?: CardInput },
      signal?: AbortSignal,
    ) => stream("/chat/resume", student.token, body, signal),
    thread: (student: Student, threadId: string) =>
      call(`${agentBase}/threads/${threadId}`, (b) => ThreadDetail.parse(b), { token: student.token }),
  };
}

export type Api = ReturnType<typeof createApi>;
