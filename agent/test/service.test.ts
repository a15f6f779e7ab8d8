import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { HumanMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { MemorySaver } from "@langchain/langgraph";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { WebSocket } from "ws";
import { z } from "zod";
import { AgentStreamEvent, type OrderConfirmation } from "@ustbites/contracts";
import { createLogger, type App } from "@ustbites/kit";
import { readEventStream } from "@ustbites/kit/client";
import { openDatabase, type Database } from "@ustbites/kit/db";
import { createTestDatabase, type TestDatabase } from "@ustbites/kit/testing";
import { currentStudent } from "@ustbites/tools";
import { buildAgentGraph } from "../src/graph/index.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { buildApp } from "../src/server/app.ts";
import { ScriptedChatModel, textMessage, toolCallMessage, withUsage } from "./scripted-model.ts";

const SUMMARY: OrderConfirmation = {
  kind: "place_order",
  restaurantName: "Spice Route",
  items: [{ name: "Mango Lassi", quantity: 1, notes: null, lineTotalCents: 2800 }],
  subtotalCents: 2800,
  deliveryFeeCents: 1000,
  totalCents: 3800,
  deliveryAddress: { building: "Hall 5", room: null, instructions: null },
  paymentMethod: "card entered at confirmation",
};

let app: App;
let url: string;
let testDb: TestDatabase;
let db: Database;
let prisma: PrismaClient;
let key: CryptoKey;
/** Who the tools saw acting, and with which card: proves the student context reaches the tools. */
const seenByTools: { userId: string; card?: string | undefined }[] = [];

const token = async (sub: string) =>
  new SignJWT({ email: `${sub.slice(0, 6)}@connect.ust.hk`, name: "S" })
    .setProtectedHeader({ alg: "RS256", kid: "k" })
    .setSubject(sub)
    .setIssuer("ustbites-user")
    .setAudience("ustbites")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  testDb = await createTestDatabase("agent");
  const log = createLogger("agent", "silent");
  db = await openDatabase({ service: "agent", url: testDb.url, dataDir: "", migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)), migrate: true, log });
  prisma = new PrismaClient(db.clientOptions);
  const viewCart = tool(
    async () => {
      seenByTools.push({ userId: currentStudent().userId });
      return JSON.stringify({ lines: [] });
    },
    { name: "view_cart", description: "cart", schema: z.object({}) },
  );
  const refusing = tool(async () => JSON.stringify({ error: "needs the student's confirmation" }), { name: "place_order", description: "order", schema: z.object({}).loose() });
  // "cart" → view_cart; "order" → place_order; anything else → an echo.
  const model = new ScriptedChatModel((messages) => {
    const last = messages.at(-1);
    // "tokens": a turn of two model calls that report usage, as OpenAI and Ollama do.
    const counting = String(messages.findLast((m) => m instanceof HumanMessage)?.content ?? "").includes("tokens");
    if (!(last instanceof HumanMessage)) return counting ? withUsage(textMessage("Done."), 150, 5) : textMessage("Done.");
    const text = String(last.content);
    if (counting) return withUsage(toolCallMessage("view_cart", {}), 100, 10);
    if (text.includes("cart")) return toolCallMessage("view_cart", {});
    if (text.includes("order")) return toolCallMessage("place_order", {});
    return textMessage(`You said: ${text}`);
  });
  const graph = buildAgentGraph({
    model,
    tools: [viewCart, refusing],
    guarded: {
      place_order: {
        summarize: async () => SUMMARY,
        execute: async () => {
          seenByTools.push({ userId: currentStudent().userId, card: currentStudent().paymentCard?.number.slice(-4) });
          return JSON.stringify({ orderId: randomUUID(), status: "CONFIRMED" });
        },
      },
      cancel_order: { summarize: async () => ({ error: "none" }), execute: async () => "{}" },
    },
    checkpointer: new MemorySaver(),
  });
  app = await buildApp({
    graph,
    prisma,
    keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k", alg: "RS256" }] }),
    issuer: "ustbites-user",
    audience: "ustbites",
    turnsPerMinute: 6,
    logger: log,
  });
  url = await app.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await app?.close();
  await prisma?.$disconnect();
  await db?.close();
  await testDb?.drop();
});

async function turn(bearer: string, body: unknown, path = "/chat") {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });
  const events: AgentStreamEvent[] = [];
  if (res.ok) for await (const e of readEventStream(res.body!, AgentStreamEvent)) events.push(e);
  return { res, events, threadId: events.find((e) => e.type === "done")?.threadId ?? "" };
}

const card = { number: "4242424242424242", expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: "123" };

describe("agent service over SSE", () => {
  it("streams tokens, the reply and done, and starts a thread the student owns", async () => {
    const me = await token(randomUUID());
    const { events, threadId } = await turn(me, { message: "hello there" });
    expect(events.filter((e) => e.type === "token").map((e) => (e.type === "token" ? e.text : "")).join("")).toBe("You said: hello there");
    expect(events.at(-1)).toEqual({ type: "done", threadId });
    const threads = (await (await fetch(`${url}/threads`, { headers: { authorization: `Bearer ${me}` } })).json()) as { items: { id: string; title: string }[] };
    expect(threads.items.map((t) => [t.id, t.title])).toEqual([[threadId, "hello there"]]);
  });

  it("reports on done the tokens the turn used, summed over its model calls", async () => {
    const { events, threadId } = await turn(await token(randomUUID()), { message: "count my tokens" });
    expect(events.map((e) => e.type)).toContain("tool_result");
    expect(events.at(-1)).toEqual({ type: "done", threadId, usage: { inputTokens: 250, outputTokens: 15 } });
  });

  it("runs tools as the signed-in student", async () => {
    const id = randomUUID();
    const { events } = await turn(await token(id), { message: "show my cart" });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["tool_call", "tool_result", "message", "done"]));
    expect(seenByTools.at(-1)).toEqual({ userId: id });
  });

  it("interrupts with the summary, and hands the card only to the approved order", async () => {
    const id = randomUUID();
    const me = await token(id);
    const first = await turn(me, { message: "place my order" });
    expect(first.events.find((e) => e.type === "interrupt")).toEqual({ type: "interrupt", threadId: first.threadId, confirmation: SUMMARY });
    const detail = (await (await fetch(`${url}/threads/${first.threadId}`, { headers: { authorization: `Bearer ${me}` } })).json()) as { pendingConfirmation: unknown };
    expect(detail.pendingConfirmation).toEqual(SUMMARY);
    const approved = await turn(me, { threadId: first.threadId, decision: "approve", payment: card }, "/chat/resume");
    expect(approved.events.some((e) => e.type === "tool_result" && e.name === "place_order" && e.ok)).toBe(true);
    expect(seenByTools.at(-1)).toEqual({ userId: id, card: "4242" });
    // The card went to the tool, and nowhere the model or the thread could keep it.
    const after = await (await fetch(`${url}/threads/${first.threadId}`, { headers: { authorization: `Bearer ${me}` } })).text();
    expect(after).not.toContain("4242424242424242");
  });

  it("treats a new message while a confirmation waits as a change, never as approval", async () => {
    const me = await token(randomUUID());
    const first = await turn(me, { message: "place my order" });
    const next = await turn(me, { threadId: first.threadId, message: "hmm, wait" });
    const result = next.events.find((e) => e.type === "tool_result" && e.name === "place_order");
    expect(result?.type === "tool_result" && JSON.stringify(result.result)).toContain("declined");
  });

  it.each([
    ["/chat", {}, "body.message"],
    ["/chat", { message: "" }, "body.message"],
    ["/chat", { message: "x".repeat(2001) }, "body.message"],
    ["/chat", { message: "hi", threadId: "not-a-uuid" }, "body.threadId"],
    ["/chat", { message: "hi", role: "system" }, "body.role"],
    ["/chat/resume", { threadId: randomUUID(), decision: "maybe" }, "body.decision"],
    ["/chat/resume", { threadId: randomUUID(), decision: "change" }, "body.message"],
    ["/chat/resume", { decision: "approve" }, "body.threadId"],
  ])("POST %s with %j → 400 naming %s", async (path, body, field) => {
    const { res } = await turn(await token(randomUUID()), body, path);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
  });

  it("answers malformed JSON, a bad thread id and an unknown thread with 4xx problems", async () => {
    const me = await token(randomUUID());
    const bad = await fetch(`${url}/chat`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${me}` }, body: "{" });
    expect(bad.status).toBe(400);
    expect((await fetch(`${url}/threads/nope`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(400);
    expect((await fetch(`${url}/threads/${randomUUID()}`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(404);
    expect((await fetch(`${url}/threads?limit=1000`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(400);
  });

  it("refuses requests without a valid token", async () => {
    const res = await fetch(`${url}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"message":"hi"}' });
    expect(res.status).toBe(401);
    const forged = await fetch(`${url}/threads`, { headers: { authorization: "Bearer a.b.c" } });
    expect(forged.status).toBe(401);
  });

  it("limits how many turns a student may start per minute", async () => {
    const me = await token(randomUUID());
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await turn(me, { message: `hi ${i}` })).res.status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});

describe("agent service over WebSocket", () => {
  const open = (headers: Record<string, string> = {}) => new WebSocket(`${url.replace("http", "ws")}/chat/ws`, { headers });

  it("accepts a first auth message (browsers cannot set headers) and streams a turn", async () => {
    const me = await token(randomUUID());
    const ws = open();
    const events: AgentStreamEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on("open", () => {
        ws.send(JSON.stringify({ type: "auth", token: me }));
        ws.send(JSON.stringify({ type: "chat", message: "ping pong" }));
      });
      ws.on("message", (raw: Buffer) => {
        const event = AgentStreamEvent.parse(JSON.parse(String(raw)));
        events.push(event);
        if (event.type === "done") resolve();
      });
      ws.on("error", reject);
    });
    ws.close();
    expect(events.find((e) => e.type === "message")).toEqual({ type: "message", content: "You said: ping pong" });
  });

  it("closes a socket that never authenticates with 4401", async () => {
    const ws = open();
    const code = await new Promise<number>((resolve) => {
      ws.on("open", () => ws.send(JSON.stringify({ type: "chat", message: "hi" })));
      ws.on("close", (c: number) => resolve(c));
    });
    expect(code).toBe(4401);
  });

  it("closes a socket with a forged header token with 4401", async () => {
    const ws = open({ authorization: "Bearer forged.token.here" });
    const code = await new Promise<number>((resolve) => ws.on("close", (c: number) => resolve(c)));
    expect(code).toBe(4401);
  });
});
