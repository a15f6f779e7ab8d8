/**
 * Tool results read through their contract (services/contracts/src/tool-results.ts): each tool's
 * success schema or a ToolError with a stable code. Nothing here guesses at shapes or reads wording;
 * a result outside the contract is treated as a `failed` error. Tool results are data: ids, names,
 * prices and statuses are lifted out of them, never instructions.
 */
import { COMPACTED_FIELDS } from "../../../context/compaction.ts";
import {
  readToolResult,
  ToolName,
  type Dish,
  type OrderLine,
  type ToolError,
  type ToolSuccess,
} from "@ustbites/contracts";

export type ErrorInfo = ToolError["error"];

export interface ItemInfo {
  id: string;
  name: string;
  price: string;
  restaurantId?: string;
  restaurantName?: string;
  section?: string;
  available: boolean;
  tags?: string[];
  spice?: number;
}

export interface RestaurantInfo {
  id: string;
  name: string;
  cuisines?: string;
  open?: boolean;
}

export interface CartLineInfo {
  lineId: string;
  itemId: string;
  name: string;
  quantity: number;
  notes: string | null;
  total: string;
  available: boolean;
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
  status: string;
  restaurantName?: string;
  items?: string;
  total?: string;
  eta?: string;
  placed?: string;
  failure?: string;
}

export interface DeliveryInfo {
  orderId: string;
  status: string;
  courier: string;
  eta?: string;
}

/** What one tool result contains, in the order it lists things. */
export interface Extracted {
  restaurants: RestaurantInfo[];
  items: ItemInfo[];
  cart?: CartInfo;
  orders: OrderInfo[];
  delivery?: DeliveryInfo;
  /** How many more matched than the list shows. */
  more: number;
  /** A guarded call the student did not approve. */
  declined?: "rejected" | "change_requested";
  /** A cancelled order's refund. */
  refund?: string;
}

/**
 * What compaction (context/compaction.ts) drops from old results, back as neutral values, so an old
 * result still reads through its contract. The engine never reads these fields; the schemas ignore
 * keys an object does not have, so filling every object is harmless.
 */
const COMPACTED_DEFAULTS: Record<(typeof COMPACTED_FIELDS)[number], unknown> = {
  tags: undefined,
  spice: undefined,
  cuisines: [],
  rating: 0,
  prepMin: 0,
  history: [],
  courier: "",
  each: "HK$0.00",
  subtotal: undefined,
  deliveryFee: undefined,
  placed: "",
  pickedUp: undefined,
  note: "",
  more: undefined,
};

function restoreCompacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(restoreCompacted);
  if (typeof value !== "object" || value === null) return value;
  const restored: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(COMPACTED_DEFAULTS)) if (v !== undefined) restored[key] = v;
  for (const [key, v] of Object.entries(value)) restored[key] = restoreCompacted(v);
  return restored;
}

const empty = (): Extracted => ({ restaurants: [], items: [], orders: [], more: 0 });

function dish(d: Dish, restaurant?: { id: string; name: string }, section?: string): ItemInfo {
  const item: ItemInfo = { id: d.itemId, name: d.name, price: d.price, available: d.soldOut !== true };
  const restaurantId = d.restaurantId ?? restaurant?.id;
  const restaurantName = d.restaurant ?? restaurant?.name;
  if (restaurantId) item.restaurantId = restaurantId;
  if (restaurantName) item.restaurantName = restaurantName;
  if (section) item.section = section;
  if (d.tags) item.tags = d.tags;
  if (d.spice !== undefined) item.spice = d.spice;
  return item;
}

function cart(c: ToolSuccess<"view_cart">): CartInfo {
  const info: CartInfo = {
    lines: c.lines.map((l) => ({
      lineId: l.lineId,
      itemId: l.itemId,
      name: l.name,
      quantity: l.qty,
      notes: l.notes ?? null,
      total: l.total,
      available: l.soldOut !== true,
    })),
    total: c.total,
  };
  if (c.restaurant) info.restaurantName = c.restaurant;
  if (c.subtotal) info.subtotal = c.subtotal;
  if (c.deliveryFee) info.deliveryFee = c.deliveryFee;
  return info;
}

function order(
  o: Pick<OrderLine, "orderId" | "status"> & Partial<OrderLine> & { failure?: string | undefined },
): OrderInfo {
  const info: OrderInfo = { id: o.orderId, status: o.status };
  if (o.restaurant) info.restaurantName = o.restaurant;
  if (o.items) info.items = o.items;
  if (o.total) info.total = o.total;
  if (o.eta) info.eta = o.eta;
  if (o.placed) info.placed = o.placed;
  if (o.failure) info.failure = o.failure;
  return info;
}

/** One tool's result as its contract reads it: the entities it shows, or the error it reports. */
export function readResult(tool: string, value: unknown): { extracted: Extracted; error?: ErrorInfo } {
  const name = ToolName.safeParse(tool);
  const read = name.success
    ? (readToolResult(name.data, value) ?? readToolResult(name.data, restoreCompacted(value)))
    : null;
  if (read === null || !name.success)
    return { extracted: empty(), error: { code: "failed", message: `${tool} answered something unexpected` } };
  const out = empty();
  if (!read.ok) {
    if (read.error.orderId) out.orders.push({ id: read.error.orderId, status: "PAYMENT_FAILED" });
    return { extracted: out, error: read.error };
  }
  const v = read.value as Record<string, unknown>;
  if (typeof v.more === "number") out.more = v.more;
  switch (name.data) {
    case "search_restaurants":
      for (const r of (read.value as ToolSuccess<"search_restaurants">).restaurants) {
        out.restaurants.push({ id: r.restaurantId, name: r.name, cuisines: r.cuisines.join(", "), open: r.open });
      }
      break;
    case "find_items":
      out.items = (read.value as ToolSuccess<"find_items">).items.map((d) => dish(d));
      break;
    case "get_menu": {
      const menu = read.value as ToolSuccess<"get_menu">;
      const r = { id: menu.restaurant.restaurantId, name: menu.restaurant.name };
      out.restaurants.push({ ...r, open: menu.restaurant.open });
      for (const [section, dishes] of Object.entries(menu.sections))
        out.items.push(...dishes.map((d) => dish(d, r, section)));
      break;
    }
    case "view_cart":
    case "add_to_cart":
    case "update_cart_item":
    case "remove_from_cart":
      out.cart = cart(read.value as ToolSuccess<"view_cart">);
      break;
    case "clear_cart":
      out.cart = { lines: [] };
      break;
    case "place_order":
    case "cancel_order":
      if ("declined" in v) out.declined = v.declined as Extracted["declined"];
      else {
        out.orders.push(order(v as unknown as OrderLine));
        if (typeof v.refund === "string") out.refund = v.refund;
        if (name.data === "place_order") out.cart = { lines: [] };
      }
      break;
    case "list_my_orders":
      out.orders = (read.value as ToolSuccess<"list_my_orders">).orders.map(order);
      break;
    case "get_order_status":
      out.orders.push(order(read.value as ToolSuccess<"get_order_status">));
      break;
    case "track_delivery": {
      const d = read.value as ToolSuccess<"track_delivery">;
      out.delivery = { orderId: d.orderId, status: d.status, courier: d.courier, ...(d.eta ? { eta: d.eta } : {}) };
      break;
    }
  }
  return { extracted: out };
}
