import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { HumanMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { MemorySaver } from "@langchain/langgraph";
import { z } from "zod";
import { AgentStreamEvent, type ToolResult } from "@ustbites/contracts";
import { createLogger, type App } from "@ustbites/kit";
import { readEventStream } from "@ustbites/kit/client";
import { card, createTestKeys, openTestDatabase, type OpenedTestDatabase, type TestKeys } from "@ustbites/kit/testing";
import { currentStudent } from "@ustbites/tools";
import { buildAgentGraph } from "../src/graph/index.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { modelProvider } from "../src/models/index.ts";
import { buildApp } from "../src/server/app.ts";
import { LASSI_ORDER } from "./fixtures.ts";
import { ScriptedChatModel, textMessage, toolCallMessage, withUsage } from "./scripted-model.ts";

let app: App;
let url: string;
let database: OpenedTestDatabase<PrismaClient>;
let keys: TestKeys;
/** Who the tools saw acting, and with which card: proves the student context reaches the tools. */
const seenByTools: { userId: string; card?: string | undefined }[] = [];
/** Everything the model was sent, as text: what a provider would receive. */
const sentToModel: string[] = [];
/** A tool that waits for the test: holds a turn open. */
let releaseSlowTool: () => void = () => {};
let modelReachable = true;

const token = (sub: string) => keys.token(sub);

beforeAll(async () => {
  keys = await createTestKeys();
  database = await openTestDatabase({
    service: "agent",
    migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
    client: (options) => new PrismaClient(options),
  });
  const log = createLogger("agent", "silent");
  const viewCart = tool(
    async (): Promise<ToolResult<"view_cart">> => {
      seenByTools.push({ userId: currentStudent().userId });
      return { lines: [], total: "HK$0.00" };
    },
    { name: "view_cart", description: "cart", schema: z.object({}) },
  );
  const clearCart = tool(
    async (): Promise<ToolResult<"clear_cart">> => {
      await new Promise<void>((resolve) => (releaseSlowTool = resolve));
      return { cleared: true };
    },
    { name: "clear_cart", description: "clear", schema: z.object({}) },
  );
  const refusing = tool(
    async () => ({ error: { code: "needs_confirmation", message: "needs the student's confirmation" } }),
    {
      name: "place_order",
      description: "order",
      schema: z.object({}).loose(),
    },
  );
  // "cart" → view_cart; "order" → place_order; "slow" → clear_cart (waits); anything else → an echo.
  const model = new ScriptedChatModel((messages) => {
    sentToModel.push(JSON.stringify(messages.map((m) => m.content)));
    if (!modelReachable) throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const last = messages.at(-1);
    // "tokens": a turn of two model calls that report usage, as OpenAI and Ollama do.
    const counting = String(messages.findLast((m) => m instanceof HumanMessage)?.content ?? "").includes("tokens");
    if (!(last instanceof HumanMessage))
      return counting ? withUsage(textMessage("Done."), 150, 5) : textMessage("Done.");
    const text = String(last.content);
    if (counting) return withUsage(toolCallMessage("view_cart", {}), 100, 10);
    if (text.includes("cart")) return toolCallMessage("view_cart", {});
    if (text.includes("order")) return toolCallMessage("place_order", {});
    if (text.includes("slow")) return toolCallMessage("clear_cart", {});
    return textMessage(`You said: ${text}`);
  });
  const graph = buildAgentGraph({
    provider: modelProvider(model),
    tools: [viewCart, clearCart, refusing],
    guarded: {
      place_order: {
        summarize: async () => LASSI_ORDER,
        execute: async () => {
          seenByTools.push({ userId: currentStudent().userId, card: currentStudent().paymentCard?.number.slice(-4) });
          return { orderId: randomUUID(), status: "CONFIRMED", total: "HK$38.00", placed: "2026-11-22T03:51:00Z" };
        },
      },
      cancel_order: {
        summarize: async () => ({ error: { code: "not_found", message: "none" } }),
        execute: async () => ({ error: { code: "failed", message: "unused" } }),
      },
    },
    checkpointer: new MemorySaver(),
  });
  app = await buildApp({
    graph,
    prisma: database.prisma,
    keys: keys.keys,
    issuer: "ustbites-user",
    audience: "ustbites",
    provider: "scripted",
    limits: { deadlineMs: 10_000, maxToolRounds: 8, turnsPerMinute: 6, heartbeatMs: 50 },
    logger: log,
    degradedBy: {
      model: async () => {
        if (!modelReachable) throw new Error("connection refused");
      },
    },
  });
  url = await app.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const post = (bearer: string, body: unknown, path = "/chat") =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });

async function turn(bearer: string, body: unknown, path = "/chat") {
  const res = await post(bearer, body, path);
  const events: AgentStreamEvent[] = [];
  if (res.ok) for await (const e of readEventStream(res.body!, AgentStreamEvent)) events.push(e);
  return { res, events, threadId: events.find((e) => e.type === "done")?.threadId ?? "" };
}

describe("agent service over SSE", () => {
  it("streams tokens, the reply and done, and starts a thread the student owns", async () => {
    const me = await token(randomUUID());
    const { events, threadId } = await turn(me, { message: "hello there" });
    expect(
      events
        .filter((e) => e.type === "token")
        .map((e) => (e.type === "token" ? e.text : ""))
        .join(""),
    ).toBe("You said: hello there");
    expect(events.at(-1)).toEqual({ type: "done", threadId });
    const threads = (await (await fetch(`${url}/threads`, { headers: { authorization: `Bearer ${me}` } })).json()) as {
      items: { id: string; title: string }[];
    };
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
    expect(first.events.find((e) => e.type === "interrupt")).toEqual({
      type: "interrupt",
      threadId: first.threadId,
      confirmation: LASSI_ORDER,
    });
    const detail = (await (
      await fetch(`${url}/threads/${first.threadId}`, { headers: { authorization: `Bearer ${me}` } })
    ).json()) as { pendingConfirmation: unknown };
    expect(detail.pendingConfirmation).toEqual(LASSI_ORDER);
    const approved = await turn(me, { threadId: first.threadId, decision: "approve", payment: card() }, "/chat/resume");
    expect(approved.events.some((e) => e.type === "tool_result" && e.name === "place_order" && e.ok)).toBe(true);
    expect(seenByTools.at(-1)).toEqual({ userId: id, card: "4242" });
    // The card went to the tool, and nowhere the model or the thread could keep it.
    const after = await (
      await fetch(`${url}/threads/${first.threadId}`, { headers: { authorization: `Bearer ${me}` } })
    ).text();
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
    const bad = await fetch(`${url}/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${me}` },
      body: "{",
    });
    expect(bad.status).toBe(400);
    expect((await fetch(`${url}/threads/nope`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(400);
    expect((await fetch(`${url}/threads/${randomUUID()}`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(
      404,
    );
    expect((await fetch(`${url}/threads?limit=1000`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(400);
  });

  it("refuses requests without a valid token", async () => {
    const res = await fetch(`${url}/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"message":"hi"}',
    });
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

describe("agent service under real-world conditions", () => {
  it("keeps one turn at a time per thread: a second message meanwhile is 409, and the thread is free after", async () => {
    const me = await token(randomUUID());
    const { threadId } = await turn(me, { message: "hello" });
    const slow = post(me, { threadId, message: "slow please" });
    await expect.poll(() => sentToModel.some((s) => s.includes("slow please"))).toBe(true);
    const second = await post(me, { threadId, message: "are you there?" });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { detail: string }).detail).toMatch(/still answering/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    releaseSlowTool();
    const first = await slow;
    const raw = await first.text();
    // The turn took longer than the heartbeat period: the stream carried comment lines meanwhile.
    expect(raw).toContain(": keep-alive");
    expect((await turn(me, { threadId, message: "and now?" })).events.at(-1)?.type).toBe("done");
  });

  it("never lets a card number typed into the chat reach the model, the title or the thread", async () => {
    const me = await token(randomUUID());
    const { threadId, events } = await turn(me, { message: "pay with 4242 4242 4242 4242 pls" });
    expect(events.at(-1)?.type).toBe("done");
    expect(sentToModel.join("\n")).not.toMatch(/4242 ?4242 ?4242 ?4242/);
    const detail = await (
      await fetch(`${url}/threads/${threadId}`, { headers: { authorization: `Bearer ${me}` } })
    ).text();
    expect(detail).not.toMatch(/4242 ?4242/);
    expect(detail).toContain("[card number removed]");
    const threads = await (await fetch(`${url}/threads`, { headers: { authorization: `Bearer ${me}` } })).text();
    expect(threads).not.toMatch(/4242 ?4242/);
    // A phone number is not a card: left as typed.
    const phone = await turn(me, { threadId, message: "call me on 91234567" });
    expect(phone.events.find((e) => e.type === "message")).toMatchObject({ content: "You said: call me on 91234567" });
  });

  it("tells the student the assistant is unavailable (and where to order instead) when the model is down, and reports degraded", async () => {
    const me = await token(randomUUID());
    modelReachable = false;
    try {
      const down = await turn(me, { message: "hello?" });
      expect(down.events.at(-1)).toMatchObject({
        type: "error",
        code: "assistant_unavailable",
        message: expect.stringMatching(/Restaurants/),
      });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "degraded", checks: { model: "failing" } });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/ustbites_agent_model_errors_total\{provider="scripted",kind="unreachable"[^}]*\} [1-9]/);
    } finally {
      modelReachable = true;
    }
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: "ready" });
    expect((await turn(me, { message: "hello again" })).events.at(-1)?.type).toBe("done");
  });
});
