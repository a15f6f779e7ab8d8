/**
 * The offline model's words. Short and friendly; every dish, price and status in them comes from a
 * tool result (passed in), never from here.
 */
import { shortOrderId } from "@ustbites/contracts";
import type { CartInfo, DeliveryInfo, ItemInfo, OrderInfo, RestaurantInfo } from "./memory.ts";
import type { AddRequest, Address } from "./types.ts";

export const CAPABILITIES = [
  "find food by cuisine, dish, dietary need or budget (e.g. \"vegan options under $50\")",
  "show a restaurant's menu (\"what's on the menu at Spice Route?\")",
  "add, change or remove items in your cart (\"add two paneer tikka wraps, no onions\")",
  "check out and deliver to your building (\"check out, deliver to Hall 5 room 512\")",
  "tell you where your order is, track the delivery, or cancel it",
];

const LIST_LIMIT = 8;

export const capabilityList = () => CAPABILITIES.map((c) => `• ${c}`).join("\n");

export const greeting = () => `Hi! I'm USTBites, your campus food assistant. I can:\n${capabilityList()}\nWhat are you in the mood for?`;
export const help = () => `Here's what I can do:\n${capabilityList()}\nJust tell me in your own words.`;
export const thanks = () => "You're welcome! Anything else I can get you?";
export const offTopic = () =>
  "Sorry, I can only help with food on campus: finding something to eat, your cart, orders and deliveries. Hungry for anything?";
export const abuse = () => "I'm here to help you get some food. Tell me what you'd like, or ask for help to see what I can do.";
export const othersData = () =>
  "I can only see and act on your own cart and orders; I can't access other students' data, whatever role I'm told I have. Want me to show your orders?";
export const bypass = () =>
  "I can't switch off my rules: every order or cancellation needs your own approval on the summary I show you. What would you like to eat?";
export const unknown = () => `Sorry, I didn't understand that. I can:\n${capabilityList()}`;
export const stuck = () =>
  "That took more steps than I expected, so I've stopped here. Could you tell me the next thing you'd like, in a few words?";
export const toolMissing = (tool: string) => `Sorry, I can't do that right now (the ${tool.replace(/_/g, " ")} tool isn't available to me).`;

export function describeAddress(a: Address): string {
  return [a.building, a.room ? `room ${a.room}` : undefined].filter(Boolean).join(", ");
}

export function itemLine(item: ItemInfo, withRestaurant = true): string {
  const where = withRestaurant && item.restaurantName ? ` at ${item.restaurantName}` : "";
  return `${item.name}${item.price ? ` (${item.price})` : ""}${where}${item.available === false ? " [sold out]" : ""}`;
}

export function itemList(items: ItemInfo[], more = 0): string {
  const shown = items.slice(0, LIST_LIMIT);
  const rest = items.length - shown.length + more;
  return shown.map((i) => `• ${itemLine(i)}`).join("\n") + (rest > 0 ? `\n…and ${rest} more.` : "");
}

export function restaurantList(restaurants: RestaurantInfo[], more = 0): string {
  const shown = restaurants.slice(0, LIST_LIMIT);
  const rest = restaurants.length - shown.length + more;
  const line = (r: RestaurantInfo) =>
    `• ${r.name}${r.cuisines ? ` (${r.cuisines})` : ""}${r.open === undefined ? "" : r.open ? ", open now" : ", closed now"}`;
  return shown.map(line).join("\n") + (rest > 0 ? `\n…and ${rest} more.` : "");
}

export function cartSummary(cart: CartInfo): string {
  if (!cart.lines.length) return "Your cart is empty.";
  const lines = cart.lines.map(
    (l) => `• ${l.quantity} × ${l.name}${l.notes ? ` (${l.notes})` : ""}${l.total ? `: ${l.total}` : ""}${l.available === false ? " [sold out]" : ""}`,
  );
  const money = [
    cart.subtotal ? `Subtotal ${cart.subtotal}` : undefined,
    cart.deliveryFee ? `delivery ${cart.deliveryFee}` : undefined,
    cart.total ? `total ${cart.total}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  const soldOut = cart.lines.some((l) => l.available === false) ? "\nSome items are sold out now; remove them before checking out." : "";
  return `Your cart${cart.restaurantName ? ` from ${cart.restaurantName}` : ""}:\n${lines.join("\n")}${money ? `\n${money}.` : ""}${soldOut}`;
}

export function cartTotalLine(cart: CartInfo | null): string {
  if (!cart || !cart.lines.length || !cart.total) return "";
  return ` Your cart total is now ${cart.total}${cart.deliveryFee ? ` (incl. ${cart.deliveryFee} delivery)` : ""}.`;
}

export function describeRequest(r: AddRequest, item?: ItemInfo): string {
  return `${r.quantity} × ${item?.name ?? r.name}${r.notes ? ` (${r.notes})` : ""}`;
}

export function choices(items: ItemInfo[]): string {
  return items.map((item, i) => `${i + 1}. ${itemLine(item)}`).join("\n");
}

/** Times are UTC; the campus reads Hong Kong time. */
export function clock(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Hong_Kong", hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
}

const STATUS_WORDS: Record<string, string> = {
  PENDING: "waiting for payment confirmation",
  CONFIRMED: "paid and waiting for the restaurant to accept it",
  PREPARING: "accepted and being prepared",
  READY_FOR_PICKUP: "ready at the restaurant, waiting for the courier",
  PICKED_UP: "picked up and on its way",
  DELIVERED: "delivered",
  REJECTED: "rejected by the restaurant (you are refunded)",
  PAYMENT_FAILED: "not placed because the payment failed",
  CANCELLED: "cancelled",
  ASSIGNED: "assigned to a courier who is heading to the restaurant",
};

export const statusWords = (status: string | undefined) => (status ? (STATUS_WORDS[status] ?? status.toLowerCase().replace(/_/g, " ")) : "unknown");

export function orderLine(o: OrderInfo): string {
  const eta = clock(o.eta);
  return `• Order ${shortOrderId(o.id)}${o.restaurantName ? ` from ${o.restaurantName}` : ""}${o.items ? ` (${o.items})` : ""}: ${statusWords(o.status)}${
    o.total ? `, ${o.total}` : ""
  }${eta && o.status !== "DELIVERED" ? `, ETA ${eta}` : ""}`;
}

export function orderStatus(o: OrderInfo): string {
  const eta = clock(o.eta);
  const parts = [
    `Your order ${shortOrderId(o.id)}${o.restaurantName ? ` from ${o.restaurantName}` : ""} is ${statusWords(o.status)}.`,
    o.items ? `Items: ${o.items}${o.total ? `, ${o.total}` : ""}.` : undefined,
    eta && o.status !== "DELIVERED" && o.status !== "CANCELLED" ? `Expected around ${eta}.` : undefined,
    o.failure ? `Reason: ${o.failure}.` : undefined,
  ];
  return parts.filter(Boolean).join(" ");
}

export function deliveryStatus(d: DeliveryInfo): string {
  const eta = clock(d.eta);
  return [
    `Your delivery is ${statusWords(d.status)}.`,
    d.courier ? `Courier: ${d.courier}.` : undefined,
    eta && d.status !== "DELIVERED" ? `Expected around ${eta}.` : undefined,
  ]
    .filter(Boolean)
    .join(" ");
}
