import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { z } from "zod";
import { AgentStreamEvent, EMPTY_CART } from "@ustbites/contracts";
import { createLogger, createService, notFound, traceStore, type App, type StoredSpan } from "@ustbites/kit";
import { readEventStream } from "@ustbites/kit/client";
import { openDatabase, type Database } from "@ustbites/kit/db";
import { createTestDatabase, type TestDatabase } from "@ustbites/kit/testing";
import { createClients, createTools, currentStudent } from "@ustbites/tools";
import { buildAgentGraph } from "../src/graph/index.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { modelProvider } from "../src/models/index.ts";
import { buildApp } from "../src/server/app.ts";
import { LASSI_ORDER } from "./fixtures.ts";
import { ScriptedChatModel, textMessage, toolCallMessage, withUsage } from "./scripted-model.ts";

const CARD = { number: "4242424242424242", expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: "123" };

let agent: App;
/** A real HTTP service standing in for cart and order: the tools' calls reach it over the network. */
let services: App;
let url: string;
let testDb: TestDatabase;
let db: Database;
let prisma: PrismaClient;
let key: CryptoKey;
/** What the stand-in received on POST /orders: the card reaches the service, and only it. */
const received: unknown[] = [];

const token = async (sub: string) =>
  new SignJWT({ email: `${sub.slice(0, 6)}@connect.ust.hk`, name: "S" })
    .setProtectedHeader({ alg: "RS256", kid: "k" })
    .setSubject(sub)
    .setIssuer("ustbites-user")
    .setAudience("ustbites")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);

/** What a provider reports with a reply: the model that answered, why it stopped, the tokens. */
const asModel = (message: AIMessage, finishReason: string) =>
  new AIMessage({
    ...withUsage(message, 120, 7),
    response_metadata: { model_name: "scripted-2026-11", finish_reason: finishReason },
  });

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  const log = createLogger("agent", "silent");
  services = await createService({ name: "standin", logLevel: "silent" });
  const open = { config: { access: "public" } } as const;
  services.get("/cart", open, async () => EMPTY_CART);
  services.get("/orders/:id", open, async () => {
    throw notFound("no such order");
  });
  services.get("/orders/:id/events", open, async () => {
    throw notFound("no such order");
  });
  services.post("/orders", open, async (request) => {
    received.push(request.body);
    return { id: randomUUID() };
  });
  const base = await services.listen({ host: "127.0.0.1", port: 0 });
  const urls = { restaurant: base, cart: base, order: base, delivery: base };

  testDb = await createTestDatabase("agent");
  db = await openDatabase({
    service: "agent",
    url: testDb.url,
    dataDir: "",
    migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
    migrate: true,
    log,
  });
  prisma = new PrismaClient(db.clientOptions);
  const { tools } = createTools({ urls });
  const orders = createClients({ urls }).order;
  // "cart" → view_cart; "status" → get_order_status of an order that does not exist; "order" → place_order.
  const model = new ScriptedChatModel((messages) => {
    const last = messages.at(-1);
    if (!(last instanceof HumanMessage)) return asModel(textMessage("Done."), "stop");
    const text = String(last.content);
    if (text.includes("unreachable"))
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    if (text.includes("cart")) return asModel(toolCallMessage("view_cart", {}), "tool_calls");
    if (text.includes("status"))
      return asModel(toolCallMessage("get_order_status", { orderId: randomUUID() }), "tool_calls");
    if (text.includes("order")) return asModel(toolCallMessage("place_order", {}), "tool_calls");
    return asModel(textMessage("Hello."), "stop");
  });
  const graph = buildAgentGraph({
    provider: modelProvider(model),
    tools,
    guarded: {
      place_order: {
        summarize: async () => LASSI_ORDER,
        execute: async () => {
          const placed = await orders.request({
            method: "POST",
            path: "/orders",
            body: { payment: currentStudent().paymentCard },
            schema: z.object({ id: z.string() }),
          });
          return { orderId: placed.id, status: "CONFIRMED", total: "HK$38.00", placed: "2026-11-22T03:51:00Z" };
        },
      },
      cancel_order: {
        summarize: async () => ({ error: { code: "not_found", message: "none" } }),
        execute: async () => ({ error: { code: "failed", message: "unused" } }),
      },
    },
    checkpointer: new MemorySaver(),
  });
  agent = await buildApp({
    graph,
    prisma,
    keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k", alg: "RS256" }] }),
    issuer: "ustbites-user",
    audience: "ustbites",
    provider: "offline",
    limits: { deadlineMs: 10_000, maxToolRounds: 8, turnsPerMinute: 60, heartbeatMs: 1000 },
    logger: log,
  });
  url = await agent.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await agent?.close();
  await services?.close();
  await prisma?.$disconnect();
  await db?.close();
  await testDb?.drop();
});

async function turn(bearer: string, body: unknown, path = "/chat") {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const events: AgentStreamEvent[] = [];
  for await (const e of readEventStream(res.body!, AgentStreamEvent)) events.push(e);
  return { events, threadId: events.find((e) => e.type === "done")?.threadId ?? "" };
}

/** The trace whose agent `invoke_agent` span ran this thread's turn, once its server span has ended. */
async function traceOfTurn(threadId: string, path: string, nth = 0): Promise<StoredSpan[]> {
  let found: StoredSpan[] | undefined;
  await expect
    .poll(() => {
      const traces = traceStore()
        .list(200)
        .map((t) => traceStore().trace(t.traceId) ?? [])
        .filter(
          (spans) =>
            spans.some((s) => s.name === `POST ${path}` && s.service === "agent") &&
            spans.some(
              (s) =>
                s.attributes["gen_ai.operation.name"] === "invoke_agent" &&
                s.attributes["gen_ai.conversation.id"] === threadId,
            ),
        )
        .reverse();
      found = traces[nth];
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

function tree(spans: StoredSpan[]) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const one = (where: (s: StoredSpan) => boolean, what: string) => {
    const matching = spans.filter(where);
    expect(matching, `exactly one ${what} in ${JSON.stringify(spans.map((s) => s.name))}`).toHaveLength(1);
    return matching[0]!;
  };
  return {
    one,
    parentOf: (span: StoredSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined),
    childrenOf: (span: StoredSpan) => spans.filter((s) => s.parentSpanId === span.spanId),
  };
}

/** Every attribute value of every span, as one string: what a trace backend would store. */
const attributeText = (spans: StoredSpan[]) => JSON.stringify(spans.map((s) => s.attributes));

describe("agent spans (OpenTelemetry GenAI conventions)", () => {
  it("records turn → model call → tool call → HTTP client call → the service's server span, in one trace", async () => {
    const bearer = await token(randomUUID());
    const { events, threadId } = await turn(bearer, { message: "show my cart" });
    const call = events.find((e) => e.type === "tool_call");
    expect(call?.type === "tool_call" && call.name).toBe("view_cart");
    const spans = await traceOfTurn(threadId, "/chat");
    const { one, parentOf, childrenOf } = tree(spans);

    const server = one((s) => s.service === "agent" && s.kind === "server", "agent server span");
    const agentSpan = one((s) => s.attributes["gen_ai.operation.name"] === "invoke_agent", "invoke_agent span");
    expect(parentOf(agentSpan)).toBe(server);
    expect(agentSpan).toMatchObject({
      name: "invoke_agent ustbites-ordering-agent",
      service: "agent",
      attributes: {
        "gen_ai.agent.name": "ustbites-ordering-agent",
        "gen_ai.provider.name": "ustbites.offline",
        "gen_ai.conversation.id": threadId,
        "gen_ai.usage.input_tokens": 240,
        "gen_ai.usage.output_tokens": 14,
        "ustbites.turn.outcome": "completed",
      },
    });

    const chats = spans.filter((s) => s.attributes["gen_ai.operation.name"] === "chat");
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      expect(parentOf(chat)).toBe(agentSpan);
      expect(chat).toMatchObject({
        name: "chat scripted",
        kind: "client",
        attributes: {
          "gen_ai.provider.name": "ustbites.offline",
          "gen_ai.request.model": "scripted",
          "gen_ai.response.model": "scripted-2026-11",
          "gen_ai.usage.input_tokens": 120,
          "gen_ai.usage.output_tokens": 7,
          "gen_ai.conversation.id": threadId,
        },
      });
    }
    expect(chats.map((c) => c.attributes["gen_ai.response.finish_reasons"])).toEqual([["tool_calls"], ["stop"]]);

    const tool = one((s) => s.attributes["gen_ai.operation.name"] === "execute_tool", "execute_tool span");
    expect(parentOf(tool)).toBe(agentSpan);
    expect(tool).toMatchObject({
      name: "execute_tool view_cart",
      status: "unset",
      attributes: {
        "gen_ai.tool.name": "view_cart",
        "gen_ai.tool.call.id": call?.type === "tool_call" ? call.id : "",
        "gen_ai.conversation.id": threadId,
        "ustbites.tool.outcome": "ok",
      },
    });
    // The tool starts after the first model call and ends before the second.
    expect(tool.startMs).toBeGreaterThanOrEqual(chats[0]!.startMs + chats[0]!.durationMs);

    const [client] = childrenOf(tool);
    expect(client).toMatchObject({ kind: "client", name: "GET cart", attributes: { "url.path": "/cart" } });
    const callee = one((s) => s.service === "standin", "the service's server span");
    expect(parentOf(callee)).toBe(client);
    expect(callee).toMatchObject({ kind: "server", name: "GET /cart" });
    expect(attributeText(spans)).not.toContain(bearer);
  });

  it("records a tool's typed error code as its outcome", async () => {
    const { threadId } = await turn(await token(randomUUID()), { message: "what's the status?" });
    const spans = await traceOfTurn(threadId, "/chat");
    const { one, childrenOf } = tree(spans);
    const tool = one((s) => s.name === "execute_tool get_order_status", "execute_tool span");
    expect(tool).toMatchObject({
      status: "error",
      attributes: { "ustbites.tool.outcome": "not_found", "error.type": "not_found" },
    });
    // Its two reads, both answered 404 by the service, under the tool span.
    expect(childrenOf(tool).map((s) => [s.name, s.attributes["http.response.status_code"]])).toEqual([
      ["GET order", 404],
      ["GET order", 404],
    ]);
  });

  it("marks a model call that failed with the failure's kind, and the turn failed", async () => {
    const { events } = await turn(await token(randomUUID()), { message: "model unreachable?" });
    expect(events.at(-1)).toMatchObject({ type: "error", code: "assistant_unavailable" });
    let spans: StoredSpan[] | undefined;
    await expect
      .poll(() => {
        spans = traceStore()
          .list(200)
          .map((t) => traceStore().trace(t.traceId) ?? [])
          .find((found) => found.some((s) => s.attributes["ustbites.turn.outcome"] === "model_unavailable"));
        return spans !== undefined;
      })
      .toBe(true);
    const { one, parentOf } = tree(spans!);
    const chat = one((s) => s.attributes["gen_ai.operation.name"] === "chat", "chat span");
    expect(chat).toMatchObject({ status: "error", attributes: { "error.type": "unreachable" } });
    expect(parentOf(chat)).toMatchObject({ name: "invoke_agent ustbites-ordering-agent", status: "error" });
  });

  it("links the turn that answers a confirmation to the turn that asked, and records neither card nor token", async () => {
    const bearer = await token(randomUUID());
    const asked = await turn(bearer, { message: "place my order" });
    expect(asked.events.some((e) => e.type === "interrupt")).toBe(true);
    const askedSpans = await traceOfTurn(asked.threadId, "/chat");
    const askedTree = tree(askedSpans);
    const askingTurn = askedTree.one((s) => s.attributes["gen_ai.operation.name"] === "invoke_agent", "asking turn");
    expect(askingTurn.attributes["ustbites.turn.outcome"]).toBe("awaiting_confirmation");
    expect(
      askedTree.one((s) => s.name === "execute_tool place_order", "the summary's tool span").attributes,
    ).toMatchObject({ "ustbites.tool.step": "summarize", "ustbites.tool.outcome": "ok" });

    const approved = await turn(
      bearer,
      { threadId: asked.threadId, decision: "approve", payment: CARD },
      "/chat/resume",
    );
    expect(approved.events.some((e) => e.type === "tool_result" && e.name === "place_order" && e.ok)).toBe(true);
    expect(received).toContainEqual({ payment: CARD });
    const spans = await traceOfTurn(asked.threadId, "/chat/resume");
    const { one, parentOf, childrenOf } = tree(spans);
    const answering = one((s) => s.attributes["gen_ai.operation.name"] === "invoke_agent", "answering turn");
    expect(answering.traceId, "a resume is its own request, so its own trace").not.toBe(askingTurn.traceId);
    expect(answering.links).toEqual([{ traceId: askingTurn.traceId, spanId: askingTurn.spanId }]);
    expect(parentOf(answering)?.name).toBe("POST /chat/resume");

    const execute = one((s) => s.name === "execute_tool place_order", "the order's tool span");
    expect(parentOf(execute)).toBe(answering);
    expect(execute.attributes).toMatchObject({
      "gen_ai.tool.call.id": askedTree.one((s) => s.name === "execute_tool place_order", "").attributes[
        "gen_ai.tool.call.id"
      ],
      "ustbites.tool.step": "execute",
      "ustbites.tool.outcome": "ok",
    });
    const [post] = childrenOf(execute);
    expect(post).toMatchObject({ kind: "client", name: "POST order" });
    expect(parentOf(one((s) => s.service === "standin", "the order service's span"))).toBe(post);

    const text = attributeText([...askedSpans, ...spans]);
    expect(text).not.toContain(CARD.number);
    expect(text).not.toContain(bearer);
  });
});
