import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import websocket from "@fastify/websocket";
import { WebSocket } from "ws";
import { buildGateway, readRouteTable, type Route } from "../src/index.ts";
import type { App } from "@ustbites/kit";

interface Echo {
  url: string;
  method: string;
  authorization: string | null;
  requestId: string | null;
  body: unknown;
}

let upstream: FastifyInstance;
/** TCP connections the upstream has accepted: the gateway should reuse them (keep-alive). */
let upstreamConnections = 0;
let gateway: App;
let gatewayUrl: string;

const routes: Route[] = [
  { service: "user", prefix: "/api/user", port: 1 },
  { service: "order", prefix: "/api/order", port: 1, websocket: true },
  { service: "payment", prefix: "/api/payment", port: 1 },
];

beforeAll(async () => {
  // A real upstream on a real port: echoes what the gateway forwarded.
  upstream = Fastify();
  await upstream.register(websocket);
  // Answers a browser's revalidation as restaurant-service answers it for a menu.
  upstream.get("/menu", async (request, reply) => {
    reply.header("etag", '"v1"');
    if (request.headers["if-none-match"] === '"v1"') return reply.status(304).send();
    return { sections: [] };
  });
  upstream.all("/*", async (request) => ({
    url: request.url,
    method: request.method,
    authorization: request.headers.authorization ?? null,
    requestId: request.headers["x-request-id"] ?? null,
    body: request.body ?? null,
  }));
  upstream.get("/stream", { websocket: true }, (socket, request) => {
    socket.send(JSON.stringify({ hello: request.headers.authorization ?? null }));
    socket.on("message", (data: Buffer) => socket.send(`echo:${String(data)}`));
  });
  upstream.server.on("connection", () => upstreamConnections++);
  const upstreamUrl = await upstream.listen({ host: "127.0.0.1", port: 0 });

  gateway = await buildGateway({
    routes,
    // payment points at a closed port: the gateway must answer for it, not hang or 500.
    upstreams: { user: upstreamUrl, order: upstreamUrl, payment: "http://127.0.0.1:9" },
    corsOrigins: ["http://localhost:5173"],
    logLevel: "silent",
  });
  gatewayUrl = await gateway.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe("gateway", () => {
  it("passes a service's 304 Not Modified through to the browser", async () => {
    const fresh = await fetch(`${gatewayUrl}/api/user/menu`);
    expect(fresh.status).toBe(200);
    const revalidated = await fetch(`${gatewayUrl}/api/user/menu`, { headers: { "if-none-match": fresh.headers.get("etag")! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe('"v1"');
  });

  it("keeps its connection to a service open across requests instead of opening one per request", async () => {
    await fetch(`${gatewayUrl}/api/user/warm`).then((r) => r.arrayBuffer());
    const before = upstreamConnections;
    for (let i = 0; i < 20; i++) expect((await fetch(`${gatewayUrl}/api/user/things/${i}`)).status).toBe(200);
    expect(upstreamConnections - before).toBe(0);
  });

  it("routes /api/<service>/… to the service with the prefix stripped", async () => {
    const res = await fetch(`${gatewayUrl}/api/user/auth/login?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer abc" },
      body: JSON.stringify({ email: "a@b.c" }),
    });
    expect(res.status).toBe(200);
    const echoed = (await res.json()) as Echo;
    expect(echoed).toMatchObject({ url: "/auth/login?x=1", method: "POST", authorization: "Bearer abc", body: { email: "a@b.c" } });
  });

  it("gives every request an id and passes it to the service", async () => {
    const res = await fetch(`${gatewayUrl}/api/user/me`);
    const echoed = (await res.json()) as Echo;
    expect(echoed.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).toBe(echoed.requestId);
    const kept = (await (await fetch(`${gatewayUrl}/api/user/me`, { headers: { "x-request-id": "trace-1" } })).json()) as Echo;
    expect(kept.requestId).toBe("trace-1");
  });

  it("answers a service that is down with a 503 problem", async () => {
    const res = await fetch(`${gatewayUrl}/api/payment/payments`);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain("payment service did not answer");
  });

  it("answers an unknown prefix with a 404 problem", async () => {
    const res = await fetch(`${gatewayUrl}/api/nothing/here`);
    expect(res.status).toBe(404);
  });

  it("allows the chat-ui dev server's origin and no other", async () => {
    const preflight = (origin: string) =>
      fetch(`${gatewayUrl}/api/user/me`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    const allowed = await preflight("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const denied = await preflight("https://evil.example");
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("proxies WebSocket upgrades with the Authorization header", async () => {
    const ws = new WebSocket(`${gatewayUrl.replace("http", "ws")}/api/order/stream`, { headers: { authorization: "Bearer t" } });
    const messages: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on("message", (data: Buffer) => {
        messages.push(String(data));
        if (messages.length === 1) ws.send("ping");
        if (messages.length === 2) resolve();
      });
      ws.on("error", reject);
    });
    ws.close();
    expect(JSON.parse(messages[0] ?? "{}")).toEqual({ hello: "Bearer t" });
    expect(messages[1]).toBe("echo:ping");
  });

  it("reads the committed route table with a route for every service", () => {
    const services = readRouteTable().map((r) => r.service);
    expect(services).toEqual(expect.arrayContaining(["user", "restaurant", "cart", "order", "payment", "delivery", "notification", "agent"]));
  });
});
