import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import websocket from "@fastify/websocket";
import { WebSocket } from "ws";
import { readFileSync } from "node:fs";
import { buildGateway, cspHeader, readGatewayTable, type Route } from "../src/index.ts";
import type { App } from "@ustbites/kit";

interface Echo {
  url: string;
  method: string;
  authorization: string | null;
  requestId: string | null;
  forwardedFor: string | null;
  body: unknown;
}

let upstream: FastifyInstance;
/** TCP connections the upstream has accepted: the gateway should reuse them (keep-alive). */
let upstreamConnections = 0;
let gateway: App;
let gatewayUrl: string;
/** Every URL the upstream served: what got through the gateway. */
const reached: string[] = [];

const routes: Route[] = [
  { service: "user", prefix: "/api/user", port: 1 },
  { service: "order", prefix: "/api/order", port: 1, websocket: true },
  { service: "payment", prefix: "/api/payment", port: 1 },
];

beforeAll(async () => {
  // A real upstream on a real port: echoes what the gateway forwarded.
  // The services' body limit (kit's createService default), so an oversized body is refused upstream too.
  upstream = Fastify({ bodyLimit: 64 * 1024 });
  await upstream.register(websocket);
  // Answers a browser's revalidation as restaurant-service answers it for a menu.
  upstream.get("/menu", async (request, reply) => {
    reply.header("etag", '"v1"');
    if (request.headers["if-none-match"] === '"v1"') return reply.status(304).send();
    return { sections: [] };
  });
  // Answers as user-service answers a refresh by cookie: two cookies scoped to the auth path.
  upstream.post("/auth/refresh", async (request, reply) => {
    reply.header("set-cookie", [
      "ustbites_refresh=new-token; Path=/api/user/auth; Expires=Wed, 01 Dec 2027 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict",
      "ustbites_csrf=secret; Path=/api/user/auth; HttpOnly; Secure; SameSite=Strict",
    ]);
    return { cookie: request.headers.cookie ?? null };
  });
  upstream.all("/*", async (request) => {
    reached.push(request.url);
    return {
      url: request.url,
      method: request.method,
      authorization: request.headers.authorization ?? null,
      requestId: request.headers["x-request-id"] ?? null,
      forwardedFor: request.headers["x-forwarded-for"] ?? null,
      body: request.body ?? null,
    };
  });
  upstream.get("/stream", { websocket: true }, (socket, request) => {
    socket.send(JSON.stringify({ hello: request.headers.authorization ?? null }));
    socket.on("message", (data: Buffer) => socket.send(`echo:${String(data)}`));
  });
  upstream.server.on("connection", () => upstreamConnections++);
  const upstreamUrl = await upstream.listen({ host: "127.0.0.1", port: 0 });

  gateway = await buildGateway({
    routes,
    internalPaths: ["/metrics", "/docs"],
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
    const revalidated = await fetch(`${gatewayUrl}/api/user/menu`, {
      headers: { "if-none-match": fresh.headers.get("etag")! },
    });
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
    expect(echoed).toMatchObject({
      url: "/auth/login?x=1",
      method: "POST",
      authorization: "Bearer abc",
      body: { email: "a@b.c" },
    });
  });

  it("passes cookies to the service and every Set-Cookie back unchanged, Path included (the service sets the path the browser sees)", async () => {
    const res = await fetch(`${gatewayUrl}/api/user/auth/refresh`, {
      method: "POST",
      headers: { cookie: "ustbites_refresh=old-token; ustbites_csrf=secret" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cookie: string }).cookie).toBe("ustbites_refresh=old-token; ustbites_csrf=secret");
    expect(res.headers.getSetCookie()).toEqual([
      "ustbites_refresh=new-token; Path=/api/user/auth; Expires=Wed, 01 Dec 2027 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict",
      "ustbites_csrf=secret; Path=/api/user/auth; HttpOnly; Secure; SameSite=Strict",
    ]);
  });

  it("gives every request an id and passes it to the service", async () => {
    const res = await fetch(`${gatewayUrl}/api/user/me`);
    const echoed = (await res.json()) as Echo;
    expect(echoed.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).toBe(echoed.requestId);
    const kept = (await (
      await fetch(`${gatewayUrl}/api/user/me`, { headers: { "x-request-id": "trace-1" } })
    ).json()) as Echo;
    expect(kept.requestId).toBe("trace-1");
  });

  it("tells the service the client's real address, whatever X-Forwarded-For the client sent", async () => {
    const plain = (await (await fetch(`${gatewayUrl}/api/user/me`)).json()) as Echo;
    expect(plain.forwardedFor).toBe("127.0.0.1");
    const spoofed = (await (
      await fetch(`${gatewayUrl}/api/user/me`, { headers: { "x-forwarded-for": "6.6.6.6" } })
    ).json()) as Echo;
    expect(spoofed.forwardedFor).toBe("127.0.0.1");
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
    const ws = new WebSocket(`${gatewayUrl.replace("http", "ws")}/api/order/stream`, {
      headers: { authorization: "Bearer t" },
    });
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

  it("reads the committed route table: every public service, never payment; metrics, docs, service tokens and service-only routes internal", () => {
    const table = readGatewayTable();
    expect(table.routes.map((r) => r.service).sort()).toEqual([
      "agent",
      "cart",
      "delivery",
      "notification",
      "order",
      "restaurant",
      "user",
    ]);
    expect(table.internalPaths).toEqual(["/metrics", "/docs", "/service-tokens", "/internal"]);
  });

  it("refuses a service's /metrics and /docs under its prefix, however the path is spelt", async () => {
    const paths = [
      "/api/user/metrics",
      "/api/order/docs/json",
      "/api/order/docs",
      "/api/user/metrics?x=1",
      "/api/user/%6detrics",
      "/api/user//metrics",
      "/api/order/docs%2Fjson",
      "/api/user/metrics/",
    ];
    reached.length = 0;
    for (const path of paths) {
      const res = await fetch(`${gatewayUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/problem\+json/);
    }
    expect(reached).toEqual([]);
    // Only those exact segments: a route that merely starts with the word still goes through.
    expect((await fetch(`${gatewayUrl}/api/user/metricsboard`)).status).toBe(200);
  });

  it("answers an oversized JSON body with a 413 problem, and nothing reaches the service", async () => {
    reached.length = 0;
    const res = await fetch(`${gatewayUrl}/api/user/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.c", password: "x".repeat(100 * 1024) }),
      signal: AbortSignal.timeout(8000),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(reached).toEqual([]);
  });

  it("answers 2 MB of raw bytes, streamed without a length, with a 413 problem within seconds", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(120);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${gatewayUrl}/api/order/orders`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body,
      duplex: "half",
      signal: AbortSignal.timeout(8000),
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { status: number }).status).toBe(413);
  });

  it("sends CSP with frame-ancestors 'none', nosniff and Referrer-Policy on every response: proxied, 404, 413, 503", async () => {
    const responses = [
      await fetch(`${gatewayUrl}/api/user/me`),
      await fetch(`${gatewayUrl}/api/nothing/here`),
      await fetch(`${gatewayUrl}/api/user/metrics`),
      await fetch(`${gatewayUrl}/api/payment/payments`),
      await fetch(`${gatewayUrl}/api/user/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ x: "y".repeat(70_000) }),
      }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 404, 503, 413]);
    for (const res of responses) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("has the chat-ui image's nginx send the very same CSP", () => {
    const dockerfile = readFileSync(new URL("../../../chat-ui/Dockerfile", import.meta.url), "utf8");
    expect(dockerfile).toContain(`add_header Content-Security-Policy "${cspHeader()}" always;`);
    // Every location with its own add_header must include the headers again (nginx does not inherit them).
    for (const location of dockerfile.split("\n").filter((l) => /^\s*location .*add_header/.test(l))) {
      expect(location).toContain("include /etc/nginx/security-headers.conf;");
    }
  });

  it("still passes a body within the limit through unchanged", async () => {
    const password = "y".repeat(30 * 1024);
    const res = await fetch(`${gatewayUrl}/api/user/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).body).toEqual({ password });
  });
});
