/**
 * What the conversation so far tells the model: the student's messages, and the entities (restaurants,
 * dishes, cart lines, orders, deliveries) found in tool results. Tool results are read as DATA only:
 * ids, names, prices and statuses are lifted out of them; their text is never interpreted as a request.
 *
 * The parser is tolerant on purpose: it looks for objects that look like a restaurant, a dish, a cart,
 * an order, whatever key they sit under, so a small change in a tool's compact output does not blind it.
 */
import { type BaseMessage, isAIMessage, isHumanMessage, isToolMessage } from "@langchain/core/messages";
import { formatCents, ORDER_STATUSES } from "@ustbites/contracts";

export interface ItemInfo {
  id: string;
  name: string;
  price?: string;
  restaurantId?: string;
  restaurantName?: string;
  section?: string;
  available?: boolean;
}

export interface RestaurantInfo {
  id: string;
  name: string;
  cuisines?: string;
  open?: boolean;
}

export interface CartLineInfo {
  lineId: string;
  name: string;
  quantity: number;
  notes: string | null;
  total?: string;
  available?: boolean;
}

export interface CartInfo {
  restaurantName?: string;
  lines: CartLineInfo[];
  subtotal?: string;
  deliveryFee?: string;
  total?: string;
}

export interface OrderInfo {
  id: string;
  status?: string;
  restaurantName?: string;
  items?: string;
  total?: string;
  eta?: string;
  placed?: string;
  failure?: string;
}

export interface DeliveryInfo {
  orderId?: string;
  status?: string;
  courier?: string;
  eta?: string;
}

/** What one tool result contains, in the order it lists things. */
export interface Extracted {
  restaurants: RestaurantInfo[];
  items: ItemInfo[];
  cart?: CartInfo;
  orders: OrderInfo[];
  delivery?: DeliveryInfo;
}

/** One tool call the model made, with its result once the result has arrived. */
export interface ToolEvent {
  callId: string;
  name: string;
  args: Record<string, unknown>;
  /** 1-based index of the student message this call answered. */
  turn: number;
  done: boolean;
  content: string;
  data: unknown;
  error?: string;
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
  /** Every tool call, oldest first. */
  events: ToolEvent[];
  memory: Memory;
  /** True when the newest message is a tool result (the model is mid-task). */
  afterTool: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v : undefined);

export function messageText(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content
    .map((part) => (typeof part === "string" ? part : isRecord(part) && typeof part.text === "string" ? part.text : ""))
    .join("");
}

/** A price shown as text: "HK$42.00" as given, or integer cents formatted the same way. */
function priceOf(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = o[key];
    if (typeof v === "string" && /\d/.test(v)) return v.includes("$") ? v : `HK$${v}`;
    if (typeof v === "number" && Number.isSafeInteger(v)) return formatCents(v);
  }
  for (const key of keys) {
    const v = o[`${key}Cents`];
    if (typeof v === "number" && Number.isSafeInteger(v)) return formatCents(v);
  }
  return undefined;
}

const ORDER_STATUS_SET = new Set<string>(ORDER_STATUSES);

function looksLikeRestaurant(o: Record<string, unknown>, key: string | undefined): boolean {
  if (!(str(o.id) ?? str(o.restaurantId)) || !str(o.name)) return false;
  const price = o.price;
  const itemPrice = (typeof price === "string" && /\d/.test(price)) || typeof price === "number" || "priceCents" in o;
  if (itemPrice) return false;
  return key === "restaurant" || key === "restaurants" || "cuisines" in o || "rating" in o || "prepMin" in o || "slug" in o || "isOpen" in o || "priceLevel" in o;
}

function looksLikeItem(o: Record<string, unknown>): boolean {
  const id = str(o.id) ?? str(o.itemId);
  if (!id || !str(o.name) || "lineId" in o) return false;
  return priceOf(o, "price", "unitPrice") !== undefined;
}

function restaurantNameOf(o: Record<string, unknown>): string | undefined {
  if (typeof o.restaurant === "string") return str(o.restaurant);
  if (isRecord(o.restaurant)) return str(o.restaurant.name);
  return str(o.restaurantName);
}

function cartOf(o: Record<string, unknown>): CartInfo {
  const lines: CartLineInfo[] = [];
  for (const raw of o.lines as unknown[]) {
    if (!isRecord(raw) || !str(raw.lineId) || !str(raw.name)) continue;
    const quantity = typeof raw.qty === "number" ? raw.qty : typeof raw.quantity === "number" ? raw.quantity : 1;
    const line: CartLineInfo = { lineId: String(raw.lineId), name: String(raw.name), quantity, notes: str(raw.notes) ?? null };
    const total = priceOf(raw, "total", "lineTotal");
    if (total) line.total = total;
    if (raw.soldOut === true || raw.available === false) line.available = false;
    lines.push(line);
  }
  const cart: CartInfo = { lines };
  const restaurantName = restaurantNameOf(o);
  if (restaurantName) cart.restaurantName = restaurantName;
  const subtotal = priceOf(o, "subtotal");
  const deliveryFee = priceOf(o, "deliveryFee");
  const total = priceOf(o, "total");
  if (subtotal) cart.subtotal = subtotal;
  if (deliveryFee) cart.deliveryFee = deliveryFee;
  if (total) cart.total = total;
  return cart;
}

interface WalkContext {
  restaurantId?: string;
  restaurantName?: string;
  section?: string;
}

function walk(node: unknown, ctx: WalkContext, key: string | undefined, out: Extracted): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, key && !/^(?:items|restaurants|orders|lines|sections|history)$/.test(key) ? { ...ctx, section: key } : ctx, undefined, out);
    return;
  }
  if (!isRecord(node)) return;
  const o = node;
  let inner: WalkContext = { ...ctx };

  if (Array.isArray(o.lines)) {
    out.cart = cartOf(o);
    return;
  }
  const id = str(o.id);
  if (looksLikeRestaurant(o, key)) {
    const r: RestaurantInfo = { id: (id ?? str(o.restaurantId))!, name: String(o.name) };
    if (typeof o.cuisines === "string") r.cuisines = o.cuisines;
    else if (Array.isArray(o.cuisines)) r.cuisines = o.cuisines.filter((c) => typeof c === "string").join(", ");
    const open = typeof o.open === "boolean" ? o.open : typeof o.isOpen === "boolean" ? o.isOpen : undefined;
    if (open !== undefined) r.open = open;
    out.restaurants.push(r);
    inner = { restaurantId: r.id, restaurantName: r.name };
  } else {
    const rid = str(o.restaurantId) ?? (isRecord(o.restaurant) ? str(o.restaurant.id) : undefined);
    const rname = restaurantNameOf(o);
    if (rid) inner.restaurantId = rid;
    if (rname) inner.restaurantName = rname;
    if (rname && !rid && rname !== ctx.restaurantName) delete inner.restaurantId;
  }

  const status = str(o.status);
  const orderId = str(o.orderId) ?? id;
  if ("courier" in o && (str(o.orderId) || status)) {
    const d: DeliveryInfo = {};
    if (str(o.orderId)) d.orderId = String(o.orderId);
    if (status) d.status = status;
    const courier = str(o.courier) ?? (isRecord(o.courier) ? str(o.courier.name) : undefined);
    if (courier) d.courier = courier;
    if (str(o.eta)) d.eta = String(o.eta);
    out.delivery = d;
  } else if (status && ORDER_STATUS_SET.has(status) && orderId) {
    const order: OrderInfo = { id: orderId, status };
    const rname = restaurantNameOf(o);
    if (rname) order.restaurantName = rname;
    if (typeof o.items === "string") order.items = o.items;
    const total = priceOf(o, "total");
    if (total) order.total = total;
    if (str(o.eta)) order.eta = String(o.eta);
    const placed = str(o.placed) ?? str(o.createdAt);
    if (placed) order.placed = placed;
    const failure = str(o.failure) ?? str(o.failureReason);
    if (failure) order.failure = failure;
    out.orders.push(order);
  } else if (looksLikeItem(o)) {
    const item: ItemInfo = { id: (str(o.id) ?? str(o.itemId))!, name: String(o.name) };
    const price = priceOf(o, "price", "unitPrice");
    if (price) item.price = price;
    const rname = restaurantNameOf(o) ?? ctx.restaurantName;
    const rid = str(o.restaurantId) ?? (restaurantNameOf(o) && restaurantNameOf(o) !== ctx.restaurantName ? undefined : ctx.restaurantId);
    if (rname) item.restaurantName = rname;
    if (rid) item.restaurantId = rid;
    const section = str(o.section) ?? ctx.section;
    if (section) item.section = section;
    if (o.soldOut === true || o.available === false) item.available = false;
    else if (o.available === true || o.soldOut === false || "soldOut" in o === false) item.available = true;
    out.items.push(item);
  }

  for (const [childKey, value] of Object.entries(o)) {
    if (typeof value === "object" && value !== null) walk(value, inner, childKey, out);
  }
}

export function parseToolContent(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

export function extract(data: unknown): Extracted {
  const out: Extracted = { restaurants: [], items: [], orders: [] };
  walk(data, {}, undefined, out);
  return out;
}

function errorOf(data: unknown, content: string, status: unknown): string | undefined {
  if (isRecord(data) && typeof data.error === "string") return data.error;
  if (isRecord(data) && isRecord(data.error) && typeof data.error.message === "string") return data.error.message;
  if (status === "error") return typeof data === "string" ? data : content;
  return undefined;
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
    if (event.error) continue;
    if (event.name === "clear_cart") cart = { lines: [] };
    if (event.name === "place_order" && isRecord(event.data) && str(event.data.orderId) && !event.data.declined) {
      cart = { lines: [] };
    }
  }
  const memory: Memory = { restaurants: [...restaurants.values()], items: [...items.values()], cart, orders: [...orders.values()] };
  if (delivery) memory.delivery = delivery;
  return memory;
}

/** Reads the whole conversation: who said what, which tools ran with which results. */

/** A tool call seen before its result: filled in when the result arrives. */
function pendingEvent(callId: string, name: string, args: Record<string, unknown>, turn: number): ToolEvent {
  return { callId, name, args, turn, done: false, content: "", data: undefined, extracted: { restaurants: [], items: [], orders: [] } };
}

export function readConversation(messages: BaseMessage[]): Conversation {
  const humans: string[] = [];
  const events: ToolEvent[] = [];
  const byCallId = new Map<string, ToolEvent>();
  for (const message of messages) {
    if (isHumanMessage(message)) {
      humans.push(messageText(message));
    } else if (isAIMessage(message)) {
      for (const call of message.tool_calls ?? []) {
        const event = pendingEvent(call.id ?? `${events.length}`, call.name, isRecord(call.args) ? call.args : {}, humans.length);
        events.push(event);
        byCallId.set(event.callId, event);
      }
    } else if (isToolMessage(message)) {
      const content = messageText(message);
      const data = parseToolContent(content);
      let event = byCallId.get(message.tool_call_id);
      if (!event) {
        // A result whose call we cannot see still carries data worth knowing.
        event = pendingEvent(message.tool_call_id, message.name ?? "unknown", {}, humans.length);
        events.push(event);
      }
      event.done = true;
      event.content = content;
      event.data = data;
      const error = errorOf(data, content, message.status);
      if (error !== undefined) event.error = error;
      event.extracted = extract(data);
    }
  }
  const last = messages.at(-1);
  return { humans, events, memory: buildMemory(events), afterTool: last !== undefined && isToolMessage(last) };
}

/** The newest known order: by when it was placed, else by id (UUID v7 ids grow with time). */
export function latestOrder(memory: Memory, predicate: (o: OrderInfo) => boolean = () => true): OrderInfo | undefined {
  const newer = (a: OrderInfo, b: OrderInfo) => (a.placed && b.placed ? a.placed > b.placed : a.id > b.id);
  return memory.orders.filter(predicate).reduce<OrderInfo | undefined>((best, o) => (!best || newer(o, best) ? o : best), undefined);
}
