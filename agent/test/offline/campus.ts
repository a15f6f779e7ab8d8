/**
 * A fake campus for the offline model's tests: the real seed catalogue (14 restaurants, their
 * overlapping dish names, sold-out items) served through the tools' own compact output functions, so
 * the model is tested against the shapes it meets in production. State (cart, orders) lives in memory.
 */
import { createHash } from "node:crypto";
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Runnable } from "@langchain/core/runnables";
import {
  DELIVERY_FEE_CENTS,
  formatCents,
  type Cart,
  type CartLine,
  type MenuItem,
  type Order,
  type Restaurant,
  type ToolErrorCode,
} from "@ustbites/contracts";
import { restaurants as seed } from "../../../services/restaurant/src/seed/data.ts";
import { compactItem, compactRestaurant } from "../../../tools/src/catalogue.ts";
import { compactCart } from "../../../tools/src/cart-view.ts";
import { compactOrder, itemsLine } from "../../../tools/src/order-view.ts";

export { TOOL_NAMES } from "@ustbites/contracts";

/** Tool definitions as bindTools receives them, with the argument names the real tools accept. */
export const TOOL_DEFINITIONS = [
  def("search_restaurants", {
    q: "string",
    cuisine: "string",
    tag: "string",
    maxPriceCents: "integer",
    openNow: "boolean",
  }),
  def("get_menu", { restaurantId: "string", tag: "string", maxPriceCents: "integer", maxSpice: "integer" }, [
    "restaurantId",
  ]),
  def("find_items", {
    q: "string",
    tag: "string",
    maxPriceCents: "integer",
    maxSpice: "integer",
    restaurantId: "string",
  }),
  def("view_cart", {}),
  def("add_to_cart", { itemId: "string", quantity: "integer", notes: "string" }, ["itemId"]),
  def("update_cart_item", { lineId: "string", quantity: "integer", notes: "string" }, ["lineId"]),
  def("remove_from_cart", { lineId: "string" }, ["lineId"]),
  def("clear_cart", {}),
  def("place_order", { deliveryAddress: "object" }, ["deliveryAddress"]),
  def("list_my_orders", { status: "string" }),
  def("get_order_status", { orderId: "string" }, ["orderId"]),
  def("track_delivery", { orderId: "string" }, ["orderId"]),
  def("cancel_order", { orderId: "string", reason: "string" }, ["orderId"]),
];

function def(name: string, props: Record<string, string>, required: string[] = []) {
  return {
    type: "function" as const,
    function: {
      name,
      description: name.replace(/_/g, " "),
      parameters: {
        type: "object",
        properties: Object.fromEntries(Object.entries(props).map(([k, type]) => [k, { type }])),
        required,
      },
    },
  };
}

/** A stable UUID-shaped id for a name, so fixtures and assertions can name things. */
export function idFor(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const AT = "2026-11-23T04:00:00.000Z";

// An independent, simple matcher (not the model's): a word matches a word of the text when equal
// after dropping a plural "s", or one letter off for longer words. The real service uses trigrams.
const words = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .map((w) => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w));
function oneOff(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 5) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
const matches = (query: string, text: string) => {
  const haystack = words(text);
  return words(query).every((q) => haystack.some((w) => w === q || oneOff(q, w)));
};

export interface CampusOptions {
  /** Slugs of restaurants closed right now. */
  closed?: string[];
  /** Replaces one dish's description, e.g. with an injection attempt. */
  descriptions?: Record<string, string>;
  /** The payment outcome of place_order. */
  payment?: "ok" | "declined";
}

export type ConfirmationChoice = "approve" | "reject" | { change: string };

export class Campus {
  readonly restaurants: Restaurant[];
  readonly items: MenuItem[];
  lines: CartLine[] = [];
  cartRestaurant: Restaurant | null = null;
  orders: Order[] = [];
  readonly calls: { name: string; args: Record<string, unknown> }[] = [];
  private readonly payment: "ok" | "declined";
  private lineSeq = 0;

  constructor(options: CampusOptions = {}) {
    this.payment = options.payment ?? "ok";
    this.restaurants = seed.map((r) => ({
      id: idFor(r.slug),
      slug: r.slug,
      name: r.name,
      description: r.description,
      cuisines: r.cuisines.map((c) => c.toLowerCase()),
      location: r.location,
      hours: r.hours,
      prepTimeMinutes: r.prepTimeMinutes,
      rating: r.rating,
      ratingCount: r.ratingCount,
      priceLevel: r.priceLevel,
      isOpen: !(options.closed ?? []).includes(r.slug),
      imageUrl: null,
    }));
    this.items = seed.flatMap((r) =>
      r.sections.flatMap((s) =>
        s.items.map((i) => ({
          id: idFor(`${r.slug}/${i.name}`),
          restaurantId: idFor(r.slug),
          restaurantName: r.name,
          section: s.name,
          name: i.name,
          description: options.descriptions?.[i.name] ?? i.description,
          priceCents: i.priceCents,
          tags: i.tags,
          spiceLevel: i.spiceLevel,
          available: i.available,
          calories: i.calories,
        })),
      ),
    );
  }

  item(restaurantSlug: string, name: string): MenuItem {
    const found = this.items.find((i) => i.id === idFor(`${restaurantSlug}/${name}`));
    if (!found) throw new Error(`no ${name} at ${restaurantSlug}`);
    return found;
  }

  cart(): Cart {
    const subtotal = this.lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
    const fee = this.lines.length ? DELIVERY_FEE_CENTS : 0;
    return {
      restaurantId: this.cartRestaurant?.id ?? null,
      restaurantName: this.cartRestaurant?.name ?? null,
      lines: this.lines,
      itemCount: this.lines.reduce((sum, l) => sum + l.quantity, 0),
      subtotalCents: subtotal,
      deliveryFeeCents: fee,
      totalCents: subtotal + fee,
      hasUnavailableItems: this.lines.some((l) => !l.available),
      updatedAt: this.lines.length ? AT : null,
    };
  }

  /** Adds straight to the cart, as the web app would. */
  addDirect(slug: string, name: string, quantity = 1, notes: string | null = null): void {
    const item = this.item(slug, name);
    this.cartRestaurant = this.restaurants.find((r) => r.id === item.restaurantId)!;
    this.lines.push(this.line(item, quantity, notes));
  }

  private line(item: MenuItem, quantity: number, notes: string | null): CartLine {
    this.lineSeq++;
    return {
      lineId: idFor(`line-${this.lineSeq}`),
      itemId: item.id,
      name: item.name,
      unitPriceCents: item.priceCents,
      quantity,
      notes,
      lineTotalCents: item.priceCents * quantity,
      available: item.available,
    };
  }

  addOrder(status: Order["status"], slug = "spice-route", name = "Paneer Tikka Wrap"): Order {
    const item = this.item(slug, name);
    const n = this.orders.length + 1;
    const order: Order = {
      id: `0193a000-0000-7000-8000-0000000000${String(n).padStart(2, "0")}`,
      userId: idFor("student"),
      restaurantId: item.restaurantId,
      restaurantName: item.restaurantName,
      items: [
        {
          itemId: item.id,
          name: item.name,
          unitPriceCents: item.priceCents,
          quantity: 1,
          notes: null,
          lineTotalCents: item.priceCents,
        },
      ],
      subtotalCents: item.priceCents,
      deliveryFeeCents: DELIVERY_FEE_CENTS,
      totalCents: item.priceCents + DELIVERY_FEE_CENTS,
      status,
      deliveryAddress: { building: "Hall 5", room: "512", instructions: null },
      paymentLast4: "4242",
      failureReason: null,
      eta: status === "DELIVERED" || status === "CANCELLED" ? null : "2026-11-23T04:40:00.000Z",
      readyBy: null,
      courier: null,
      createdAt: AT,
      updatedAt: AT,
    };
    this.orders.push(order);
    return order;
  }

  private restaurantOf(ref: unknown): Restaurant | undefined {
    return this.restaurants.find((r) => r.id === ref || r.slug === ref);
  }

  /** What the tool of that name would answer. */
  run(name: string, args: Record<string, unknown>): string {
    this.calls.push({ name, args });
    const fail = (code: ToolErrorCode, message: string) => JSON.stringify({ error: { code, message } });
    switch (name) {
      case "search_restaurants": {
        const q = typeof args.q === "string" ? args.q : undefined;
        const found = this.restaurants.filter((r) => {
          const items = this.items.filter((i) => i.restaurantId === r.id);
          if (
            q &&
            !matches(q, r.name) &&
            !r.cuisines.some((c) => matches(q, c)) &&
            !items.some((i) => matches(q, i.name))
          )
            return false;
          if (typeof args.cuisine === "string" && !r.cuisines.includes(args.cuisine)) return false;
          if (typeof args.tag === "string" && !items.some((i) => (i.tags as string[]).includes(args.tag as string)))
            return false;
          if (
            typeof args.maxPriceCents === "number" &&
            !items.some((i) => i.priceCents <= (args.maxPriceCents as number))
          )
            return false;
          if (args.openNow === true && !r.isOpen) return false;
          return true;
        });
        return JSON.stringify({
          restaurants: found.slice(0, 8).map(compactRestaurant),
          ...(found.length > 8 ? { more: found.length - 8 } : {}),
        });
      }
      case "find_items": {
        const q = typeof args.q === "string" ? args.q : undefined;
        const found = this.items.filter(
          (i) =>
            (!q || matches(q, i.name) || matches(q, i.section) || matches(q, i.description)) &&
            (typeof args.tag !== "string" || (i.tags as string[]).includes(args.tag)) &&
            (typeof args.maxPriceCents !== "number" || i.priceCents <= args.maxPriceCents) &&
            (typeof args.restaurantId !== "string" || i.restaurantId === args.restaurantId),
        );
        // Name hits first, as the service ranks them.
        const ranked = q
          ? [...found.filter((i) => matches(q, i.name)), ...found.filter((i) => !matches(q, i.name))]
          : found;
        return JSON.stringify({
          items: ranked.slice(0, 12).map((i) => compactItem(i, { restaurant: true })),
          ...(found.length > 12 ? { more: found.length - 12 } : {}),
        });
      }
      case "get_menu": {
        const r = this.restaurantOf(args.restaurantId);
        if (!r)
          return fail(
            "not_found",
            `restaurant ${String(args.restaurantId)} not found; find its id with search_restaurants`,
          );
        const sections: Record<string, ReturnType<typeof compactItem>[]> = {};
        const items = this.items.filter((i) => i.restaurantId === r.id);
        for (const item of items.slice(0, 12)) (sections[item.section] ??= []).push(compactItem(item));
        return JSON.stringify({
          restaurant: { restaurantId: r.id, name: r.name, open: r.isOpen },
          sections,
          ...(items.length > 12 ? { more: items.length - 12 } : {}),
        });
      }
      case "view_cart":
        return JSON.stringify(compactCart(this.cart()));
      case "add_to_cart": {
        const item = this.items.find((i) => i.id === args.itemId);
        if (!item)
          return fail("unknown_ref", `no dish with id ${String(args.itemId)}; look it up with get_menu or find_items`);
        const restaurant = this.restaurantOf(item.restaurantId)!;
        if (this.cartRestaurant && this.lines.length && this.cartRestaurant.id !== restaurant.id) {
          return fail(
            "cart_conflict",
            `your cart has items from ${this.cartRestaurant.name}; clear it to order from ${restaurant.name}`,
          );
        }
        if (!item.available) return fail("sold_out", `${item.name} from ${restaurant.name} is sold out`);
        if (!restaurant.isOpen) return fail("restaurant_closed", `${restaurant.name} is closed now`);
        const quantity = typeof args.quantity === "number" ? args.quantity : 1;
        const notes = typeof args.notes === "string" ? args.notes : null;
        const same = this.lines.find((l) => l.itemId === item.id && l.notes === notes);
        if (same) {
          same.quantity += quantity;
          same.lineTotalCents = same.quantity * same.unitPriceCents;
        } else {
          this.lines.push(this.line(item, quantity, notes));
        }
        this.cartRestaurant = restaurant;
        return JSON.stringify(compactCart(this.cart()));
      }
      case "update_cart_item": {
        const line = this.lines.find((l) => l.lineId === args.lineId);
        if (!line) return fail("unknown_ref", "no such line in the cart; view_cart shows the line ids");
        if (typeof args.quantity === "number") line.quantity = args.quantity;
        if (args.notes !== undefined) line.notes = typeof args.notes === "string" ? args.notes : null;
        line.lineTotalCents = line.quantity * line.unitPriceCents;
        return JSON.stringify(compactCart(this.cart()));
      }
      case "remove_from_cart": {
        const before = this.lines.length;
        this.lines = this.lines.filter((l) => l.lineId !== args.lineId);
        if (this.lines.length === before)
          return fail("unknown_ref", "no such line in the cart; view_cart shows the line ids");
        if (!this.lines.length) this.cartRestaurant = null;
        return JSON.stringify(compactCart(this.cart()));
      }
      case "clear_cart":
        this.lines = [];
        this.cartRestaurant = null;
        return JSON.stringify({ cleared: true });
      case "list_my_orders": {
        const newest = [...this.orders].reverse();
        return JSON.stringify({ orders: newest.slice(0, 8).map(compactOrder) });
      }
      case "get_order_status": {
        const order = this.orders.find((o) => o.id === args.orderId);
        if (!order) return fail("not_found", "order not found");
        return JSON.stringify({
          orderId: order.id,
          status: order.status,
          placed: "2026-11-23T04:00:00Z",
          restaurant: order.restaurantName,
          items: itemsLine(order.items),
          total: formatCents(order.totalCents),
          eta: order.eta?.replace(/\.\d{3}Z$/, "Z"),
          deliverTo: "Hall 5, 512",
          history: [
            { status: "PENDING", at: "2026-11-23T04:00:00Z" },
            { status: order.status, at: "2026-11-23T04:01:00Z" },
          ],
        });
      }
      case "track_delivery": {
        const order = this.orders.find((o) => o.id === args.orderId);
        if (!order || order.status === "CONFIRMED" || order.status === "PENDING") {
          return fail(
            "not_found",
            "no delivery for this order yet (no courier assigned, or order not found); get_order_status tells which",
          );
        }
        return JSON.stringify({
          orderId: order.id,
          status: order.status === "PICKED_UP" ? "PICKED_UP" : "ASSIGNED",
          courier: "Ka Ho (bike, +852 ****5678)",
          eta: "2026-11-23T04:40:00Z",
        });
      }
      default:
        return fail("unknown_tool", `unknown tool ${name}`);
    }
  }

  /** The guarded half: what the graph's confirm node answers for a choice. */
  confirm(name: string, args: Record<string, unknown>, choice: ConfirmationChoice): string {
    this.calls.push({ name, args });
    const what = name === "place_order" ? "nothing was ordered" : "the order was not cancelled";
    if (choice === "reject") return JSON.stringify({ declined: "rejected", note: `The student declined; ${what}.` });
    if (choice !== "approve")
      return JSON.stringify({ declined: "change_requested", note: `The student wants changes first; ${what}.` });
    if (name === "cancel_order") {
      const order = this.orders.find((o) => o.id === args.orderId);
      if (!order) return JSON.stringify({ error: { code: "not_found", message: "order not found" } });
      order.status = "CANCELLED";
      return JSON.stringify({ orderId: order.id, status: "CANCELLED", refund: formatCents(order.totalCents) });
    }
    if (!this.lines.length)
      return JSON.stringify({ error: { code: "cart_empty", message: "cart is empty; add items first" } });
    const first = this.lines[0]!;
    const order = this.addOrder(
      "CONFIRMED",
      this.cartRestaurant!.slug,
      this.items.find((i) => i.id === first.itemId)!.name,
    );
    if (this.payment === "declined") {
      order.status = "PAYMENT_FAILED";
      return JSON.stringify({
        error: {
          code: "payment_declined",
          message:
            "payment declined: insufficient funds; nothing was charged and the cart is kept, so the student can try another card",
          orderId: order.id,
        },
      });
    }
    order.totalCents = this.cart().totalCents;
    this.lines = [];
    this.cartRestaurant = null;
    return JSON.stringify({
      orderId: order.id,
      status: "CONFIRMED",
      total: formatCents(order.totalCents),
      placed: "2026-11-23T04:00:00Z",
      eta: "2026-11-23T04:40:00Z",
    });
  }
}

export interface TurnResult {
  reply: string;
  calls: { name: string; args: Record<string, unknown> }[];
}

/**
 * Runs whole student turns the way the graph does (model ⇄ tools, guarded calls answered by the
 * chosen confirmation, a change request appended as the student's next message), without the graph.
 */
export class Chat {
  readonly messages: BaseMessage[] = [];
  private readonly model: Runnable<BaseMessage[], AIMessage>;
  private readonly campus: Campus;
  confirmation: ConfirmationChoice = "approve";

  constructor(model: BaseChatModel, campus: Campus) {
    this.model = model.bindTools!(TOOL_DEFINITIONS) as unknown as Runnable<BaseMessage[], AIMessage>;
    this.campus = campus;
  }

  async say(text: string): Promise<TurnResult> {
    this.messages.push(new HumanMessage(text));
    return this.run();
  }

  private async run(): Promise<TurnResult> {
    const calls: TurnResult["calls"] = [];
    for (let step = 0; step < 12; step++) {
      const ai = await this.model.invoke(this.messages);
      this.messages.push(ai);
      if (!ai.tool_calls?.length) return { reply: String(ai.content), calls };
      let change: string | undefined;
      for (const tc of ai.tool_calls) {
        calls.push({ name: tc.name, args: tc.args });
        const guarded = tc.name === "place_order" || tc.name === "cancel_order";
        const content = guarded
          ? this.campus.confirm(tc.name, tc.args, this.confirmation)
          : this.campus.run(tc.name, tc.args);
        this.messages.push(new ToolMessage({ tool_call_id: tc.id!, name: tc.name, content }));
        if (guarded && typeof this.confirmation === "object") change = this.confirmation.change;
      }
      if (change !== undefined) {
        this.confirmation = "approve";
        this.messages.push(new HumanMessage(change));
      }
    }
    throw new Error("the model did not finish the turn in 12 steps");
  }
}
