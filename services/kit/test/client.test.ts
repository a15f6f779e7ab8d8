import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import { createServiceClient, readEventStream, ServiceError } from "../src/client.ts";

let server: FastifyInstance;
let baseUrl: string;
let flaky = 0;

beforeAll(async () => {
  // The timed-out request's socket is still open at the end; without this, close() waits ~70 s for it.
  server = Fastify({ forceCloseConnections: true });
  server.get("/items/:id", async (request) => ({
    id: (request.params as { id: string }).id,
    auth: request.headers.authorization ?? null,
  }));
  server.get("/missing", async (_request, reply) =>
    reply
      .status(404)
      .type("application/problem+json")
      .send({ type: "about:blank", title: "Not Found", status: 404, detail: "no such item", requestId: "r1" }),
  );
  server.get("/flaky", async (_request, reply) => (++flaky < 3 ? reply.status(503).send({}) : { ok: true }));
  server.get("/events", async (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream" });
    // Split mid-event, to prove events are reassembled across chunks.
    reply.raw.write('data: {"n":1}\n\ndata: {"n"');
    setTimeout(() => reply.raw.end(':2}\n\n: a comment line\n\ndata: {"n":3}\n\n'), 20);
  });
  server.get("/slow", async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 500)));
  baseUrl = await server.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => server.close());

describe("createServiceClient", () => {
  it("parses the response with the given schema and carries the user's token", async () => {
    const client = createServiceClient({ service: "restaurant", baseUrl });
    const item = await client.request({
      path: "/items/abc",
      token: "t0k",
      schema: z.object({ id: z.string(), auth: z.string() }),
    });
    expect(item).toEqual({ id: "abc", auth: "Bearer t0k" });
  });

  it("turns a problem+json answer into a ServiceError with the problem", async () => {
    const client = createServiceClient({ service: "restaurant", baseUrl });
    const err = await client.request({ path: "/missing", schema: z.unknown() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).status).toBe(404);
    expect((err as ServiceError).message).toBe("no such item");
  });

  it("retries 503s when told to, and gives up after its retries", async () => {
    const client = createServiceClient({ service: "x", baseUrl, retries: 3, retryDelayMs: 5 });
    expect(await client.request({ path: "/flaky", schema: z.object({ ok: z.boolean() }) })).toEqual({ ok: true });
    flaky = 0;
    const once = createServiceClient({ service: "x", baseUrl, retries: 0 });
    await expect(once.request({ path: "/flaky", schema: z.unknown() })).rejects.toMatchObject({ status: 503 });
  });

  it("reports a timeout as unreachable", async () => {
    const client = createServiceClient({ service: "slow", baseUrl, timeoutMs: 50 });
    const err = (await client.request({ path: "/slow", schema: z.unknown() }).catch((e: unknown) => e)) as ServiceError;
    expect(err.unreachable).toBe(true);
    expect(err.message).toContain("timed out");
  });
});

describe("readEventStream", () => {
  it("yields each server-sent event, parsed and validated, across chunk boundaries", async () => {
    const res = await fetch(`${baseUrl}/events`);
    const seen: number[] = [];
    for await (const event of readEventStream(res.body!, z.object({ n: z.number() }))) seen.push(event.n);
    expect(seen).toEqual([1, 2, 3]);
  });
});
