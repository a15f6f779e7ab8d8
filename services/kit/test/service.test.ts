import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { z } from "zod";
import { createService, HttpProblem, type App } from "../src/index.ts";

const Body = z.strictObject({
  name: z.string().min(1),
  quantity: z.number().int().min(1),
  lines: z.array(z.strictObject({ itemId: z.uuid() })).optional(),
});

let app: App;
let dbUp = true;

beforeAll(async () => {
  app = await createService({
    name: "kit-test",
    logLevel: "silent",
    bodyLimit: 1024,
    readiness: {
      database: async () => {
        if (!dbUp) throw new Error("connection refused");
      },
    },
  });
  app.post(
    "/things",
    { config: { access: "public" }, schema: { body: Body, response: { 201: z.object({ name: z.string() }) } } },
    async (request, reply) => reply.status(201).send({ name: request.body.name }),
  );
  app.get(
    "/things/:id",
    { config: { access: "public" }, schema: { params: z.strictObject({ id: z.uuid() }) } },
    async () => {
      throw new HttpProblem(409, "Conflict", { detail: "thing is busy" });
    },
  );
  app.get(
    "/search",
    {
      config: { access: "public" },
      schema: { querystring: z.strictObject({ limit: z.coerce.number().int().max(100).default(20) }) },
    },
    async (request) => ({
      limit: request.query.limit,
    }),
  );
  app.get("/ip", { config: { access: "public" } }, async (request) => ({ ip: request.ip }));
  app.get("/boom", { config: { access: "public" } }, async () => {
    throw new Error("secret internal detail");
  });
  await app.ready();
});

afterAll(() => app.close());

const post = (payload: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  app.inject({ method: "POST", url: "/things", payload, headers });

describe("createService error handling", () => {
  it("accepts a valid body", async () => {
    const res = await post(JSON.stringify({ name: "wrap", quantity: 2 }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ name: "wrap" });
  });

  it.each([
    ["malformed JSON", '{"name": ', "body"],
    ["a wrong type", JSON.stringify({ name: "wrap", quantity: "two" }), "body.quantity"],
    ["a missing field", JSON.stringify({ quantity: 1 }), "body.name"],
    ["an unknown field", JSON.stringify({ name: "wrap", quantity: 1, priceCents: 1 }), "body.priceCents"],
    [
      "a bad nested field",
      JSON.stringify({ name: "wrap", quantity: 1, lines: [{ itemId: "nope" }] }),
      "body.lines.0.itemId",
    ],
    ["an empty body", "", "body"],
  ])("answers %s with a 400 problem naming the field", async (_case, payload, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.status).toBe(400);
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("answers an oversized body with 413", async () => {
    const res = await post(JSON.stringify({ name: "x".repeat(2000), quantity: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].field).toBe("body");
  });

  it("answers a wrong content type with 415", async () => {
    const res = await post("name=wrap", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.statusCode).toBe(415);
  });

  it("names a bad path parameter", async () => {
    const res = await app.inject({ method: "GET", url: "/things/not-a-uuid" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("params.id");
  });

  it("names bad and unknown query parameters as query.<name>", async () => {
    const bad = await app.inject({ method: "GET", url: "/search?limit=1000" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("query.limit");
    const unknown = await app.inject({ method: "GET", url: "/search?limit=5&sort=desc" });
    expect(unknown.json().errors[0].field).toBe("query.sort");
  });

  it("answers an over-long path parameter with a 414 problem", async () => {
    const res = await app.inject({ method: "GET", url: `/things/${"a".repeat(300)}` });
    expect(res.statusCode).toBe(414);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("passes a thrown HttpProblem through as problem+json", async () => {
    const res = await app.inject({ method: "GET", url: "/things/0196a4c0-0000-7000-8000-000000000000" });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ title: "Conflict", detail: "thing is busy", status: 409 });
  });

  it("hides the details of an unexpected error behind a 500", async () => {
    const res = await app.inject({ method: "GET", url: "/boom" });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("secret internal detail");
  });

  it("answers an unknown route with a 404 problem", async () => {
    const res = await app.inject({ method: "GET", url: "/nowhere?x=1" });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe("No route for GET /nowhere");
  });
});

describe("createService plumbing", () => {
  it("echoes a caller's request id and makes one up otherwise", async () => {
    const given = await app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "abc-123" } });
    expect(given.headers["x-request-id"]).toBe("abc-123");
    const fresh = await app.inject({ method: "GET", url: "/healthz" });
    expect(fresh.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports ready only while its dependencies answer", async () => {
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    dbUp = false;
    const res = await app.inject({ method: "GET", url: "/readyz" });
    dbUp = true;
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toEqual({ database: "failing" });
  });

  it("exports a request-duration histogram by route and status", async () => {
    await post(JSON.stringify({ name: "wrap", quantity: 1 }));
    const res = await app.inject({ method: "GET", url: "/metrics" });
    expect(res.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/things"[^}]*status_code="201"/);
  });

  it("publishes an OpenAPI document generated from the zod schemas", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const schema = doc.paths["/things"].post.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["name", "quantity"]));
    expect(doc.paths["/metrics"]).toBeUndefined();
  });
});

describe("the client address", () => {
  it("is the one the single trusted proxy hop appended, never the left-most entry a client wrote", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/ip",
      remoteAddress: "10.1.0.5",
      headers: { "x-forwarded-for": "6.6.6.6, 192.0.2.7" },
    });
    expect(res.json()).toEqual({ ip: "192.0.2.7" });
    expect((await app.inject({ method: "GET", url: "/ip", remoteAddress: "10.1.0.5" })).json()).toEqual({
      ip: "10.1.0.5",
    });
  });
});

describe("createService request logging", () => {
  /** A service whose log lines are collected, at `level`, with one route that works and one that fails. */
  async function loggedService(level: string) {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino(
      { level, base: { service: "kit-log" } },
      { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
    );
    const logged = await createService({ name: "kit-log", logger });
    logged.get("/ok", { config: { access: "public" } }, async () => ({ ok: true }));
    logged.get("/boom", { config: { access: "public" } }, async () => {
      throw new Error("kaput");
    });
    await logged.ready();
    return { app: logged, lines };
  }

  it("writes no log line for a served request at the default level, and still logs a failure", async () => {
    const { app: logged, lines } = await loggedService("info");
    try {
      expect((await logged.inject({ url: "/ok" })).statusCode).toBe(200);
      expect(lines).toEqual([]);
      expect((await logged.inject({ url: "/boom" })).statusCode).toBe(500);
      expect(lines.map((l) => l.msg)).toContain("unhandled error");
    } finally {
      await logged.close();
    }
  });

  it("logs each request's start and end at debug", async () => {
    const { app: logged, lines } = await loggedService("debug");
    try {
      await logged.inject({ url: "/ok" });
      expect(lines.map((l) => l.msg)).toEqual(["incoming request", "request completed"]);
    } finally {
      await logged.close();
    }
  });
});
