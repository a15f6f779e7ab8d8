/**
 * The conversation as the engine reads it: the student's messages, and every tool call with its
 * result read through the contract (results.ts), plus what those results add up to (Memory: the
 * restaurants, dishes, cart, orders and delivery seen so far, newest last).
 */
import { type BaseMessage, isAIMessage, isHumanMessage, isToolMessage } from "@langchain/core/messages";
import {
  type CartInfo,
  type DeliveryInfo,
  type ErrorInfo,
  type Extracted,
  type ItemInfo,
  type OrderInfo,
  readResult,
  type RestaurantInfo,
} from "./results.ts";

export type {
  CartInfo,
  CartLineInfo,
  DeliveryInfo,
  ErrorInfo,
  ItemInfo,
  OrderInfo,
  RestaurantInfo,
} from "./results.ts";

/** One tool call the model made, with its result once the result has arrived. */
export interface ToolEvent {
  callId: string;
  name: string;
  args: Record<string, unknown>;
  /** 1-based index of the student message this call answered. */
  turn: number;
  done: boolean;
  content: string;
  error?: ErrorInfo;
  extracted: Extracted;
}

export interface Memory {
  restaurants: RestaurantInfo[];
  items: ItemInfo[];
  /** The cart as the latest cart-shaped result showed it; null when no result showed it yet. */
  cart: CartInfo | null;
  orders: OrderInfo[];
  delivery?: DeliveryInfo;
}

export interface Conversation {
  /** The student's messages, oldest first. */
  humans: string[];
  /** Their message ids where the graph gave them one ("" otherwise), to find where a stored state was taken. */
  humanIds: string[];
  /** Every tool call, oldest first. */
  events: ToolEvent[];
  memory: Memory;
  /** True when the newest message is a tool result (the model is mid-task). */
  afterTool: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

export function messageText(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content
    .map((part) => (typeof part === "string" ? part : isRecord(part) && typeof part.text === "string" ? part.text : ""))
    .join("");
}

function mergeInto<T extends { id: string }>(map: Map<string, T>, entry: T): void {
  const before = map.get(entry.id);
  // Re-inserting moves the entry to the end: the newest mention wins ties later.
  map.delete(entry.id);
  map.set(entry.id, before ? { ...before, ...entry } : entry);
}

function buildMemory(events: ToolEvent[]): Memory {
  const restaurants = new Map<string, RestaurantInfo>();
  const items = new Map<string, ItemInfo>();
  const orders = new Map<string, OrderInfo>();
  let cart: CartInfo | null = null;
  let delivery: DeliveryInfo | undefined;
  for (const event of events) {
    if (!event.done) continue;
    const x = event.extracted;
    for (const r of x.restaurants) mergeInto(restaurants, r);
    for (const item of x.items) mergeInto(items, item);
    for (const order of x.orders) mergeInto(orders, order);
    if (x.cart) cart = x.cart;
    if (x.delivery) delivery = x.delivery;
  }
  const memory: Memory = {
    restaurants: [...restaurants.values()],
    items: [...items.values()],
    cart,
    orders: [...orders.values()],
  };
  if (delivery) memory.delivery = delivery;
  return memory;
}

/** A tool call seen before its result: filled in when the result arrives. */
function pendingEvent(callId: string, name: string, args: Record<string, unknown>, turn: number): ToolEvent {
  return {
    callId,
    name,
    args,
    turn,
    done: false,
    content: "",
    extracted: { restaurants: [], items: [], orders: [], more: 0 },
  };
}

export function readConversation(messages: BaseMessage[]): Conversation {
  const humans: string[] = [];
  const humanIds: string[] = [];
  const events: ToolEvent[] = [];
  const byCallId = new Map<string, ToolEvent>();
  for (const message of messages) {
    if (isHumanMessage(message)) {
      humans.push(messageText(message));
      humanIds.push(message.id ?? "");
    } else if (isAIMessage(message)) {
      for (const call of message.tool_calls ?? []) {
        const event = pendingEvent(
          call.id ?? `${events.length}`,
          call.name,
          isRecord(call.args) ? call.args : {},
          humans.length,
        );
        events.push(event);
        byCallId.set(event.callId, event);
      }
    } else if (isToolMessage(message)) {
      const content = messageText(message);
      let event = byCallId.get(message.tool_call_id);
      if (!event) {
        // A result whose call we cannot see still carries data worth knowing.
        event = pendingEvent(message.tool_call_id, message.name ?? "unknown", {}, humans.length);
        events.push(event);
      }
      event.done = true;
      event.content = content;
      // The content is what the model reads (ids as handles); over the OpenAI wire it is all there is.
      const { extracted, error } = readResult(event.name, parseJson(content));
      event.extracted = extracted;
      if (error) event.error = error;
    }
  }
  const last = messages.at(-1);
  return {
    humans,
    humanIds,
    events,
    memory: buildMemory(events),
    afterTool: last !== undefined && isToolMessage(last),
  };
}

/** The newest known order: by when it was placed, else by id (UUID v7 ids grow with time). */
export function latestOrder(memory: Memory, predicate: (o: OrderInfo) => boolean = () => true): OrderInfo | undefined {
  const newer = (a: OrderInfo, b: OrderInfo) => (a.placed && b.placed ? a.placed > b.placed : a.id > b.id);
  return memory.orders
    .filter(predicate)
    .reduce<OrderInfo | undefined>((best, o) => (!best || newer(o, best) ? o : best), undefined);
}
