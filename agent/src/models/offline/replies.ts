/**
 * The offline model's words. Short and friendly; every dish, price and status in them comes from a
 * tool result (passed in), never from here.
 */
import { shortOrderId } from "@ustbites/contracts";
import type { CartInfo, DeliveryInfo, ErrorInfo, ItemInfo, OrderInfo, RestaurantInfo } from "./state/conversation.ts";
import type { AddRequest, Address } from "./types.ts";

export const CAPABILITIES = [
  'find food by cuisine, dish, dietary need or budget (e.g. "vegan options under $50")',
  "show a restaurant's menu (\"what's on the menu at Spice Route?\")",
  'add, change or remove items in your cart ("add two paneer tikka wraps, no onions")',
  'check out and deliver to your building ("check out, deliver to Hall 5 room 512")',
  "tell you where your order is, track the delivery, or cancel it",
];

/** Dishes or places one list shows; the rest are counted ("…and 4 more"). */
export const LIST_LIMIT = 8;

export const capabilityList = () => CAPABILITIES.map((c) => `• ${c}`).join("\n");

export const greeting = () =>
  `Hi! I'm USTBites, your campus food assistant. I can:\n${capabilityList()}\nWhat are you in the mood for?`;
export const help = () => `Here's what I can do:\n${capabilityList()}\nJust tell me in your own words.`;
export const thanks = () => "You're welcome! Anything else I can get you?";
export const offTopic = () =>
  "Sorry, I can only help with food on campus: finding something to eat, your cart, orders and deliveries. Hungry for anything?";
export const abuse = () =>
  "I'm here to help you get some food. Tell me what you'd like, or ask for help to see what I can do.";
export const othersData = () =>
  "I can only see and act on your own cart and orders; I can't access other students' data, whatever role I'm told I have. Want me to show your orders?";
export const bypass = () =>
  "I can't switch off my rules: every order or cancellation needs your own approval on the summary I show you. What would you like to eat?";
/** Honest about not understanding, with three things to try instead of the whole list. */
export const unknown = () =>
  `Sorry, I didn't understand that. I can, for example:\n${[CAPABILITIES[0], CAPABILITIES[2], CAPABILITIES[4]].map((c) => `• ${c}`).join("\n")}`;
export const stuck = () =>
  "That took more steps than I expected, so I've stopped here. Could you tell me the next thing you'd like, in a few words?";
export const toolMissing = (tool: string) =>
  `Sorry, I can't do that right now (the ${tool.replace(/_/g, " ")} tool isn't available to me).`;

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
    (l) =>
      `• ${l.quantity} × ${l.name}${l.notes ? ` (${l.notes})` : ""}${l.total ? `: ${l.total}` : ""}${l.available === false ? " [sold out]" : ""}`,
  );
  const money = [
    cart.subtotal ? `Subtotal ${cart.subtotal}` : undefined,
    cart.deliveryFee ? `delivery ${cart.deliveryFee}` : undefined,
    cart.total ? `total ${cart.total}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  const soldOut = cart.lines.some((l) => l.available === false)
    ? "\nSome items are sold out now; remove them before checking out."
    : "";
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
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Hong_Kong",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(at);
}

const STATUS_WORDS: Record<string, string> = {
  PENDING: "waiting for payment confirmation",
  CONFIRMED: "placed and paid, waiting for the restaurant to accept it",
  PREPARING: "placed and paid; the restaurant accepted it and is preparing it",
  READY_FOR_PICKUP: "placed, paid and ready at the restaurant, waiting for the courier",
  PICKED_UP: "picked up and on its way",
  DELIVERED: "delivered",
  REJECTED: "rejected by the restaurant (you are refunded)",
  PAYMENT_FAILED: "not placed because the payment failed",
  CANCELLED: "cancelled",
  ASSIGNED: "assigned to a courier who is heading to the restaurant",
};

export const statusWords = (status: string | undefined) =>
  status ? (STATUS_WORDS[status] ?? status.toLowerCase().replace(/_/g, " ")) : "unknown";

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
    eta && !["DELIVERED", "CANCELLED", "PAYMENT_FAILED"].includes(o.status) ? `Expected around ${eta}.` : undefined,
    o.failure ? `Reason: ${o.failure}.` : undefined,
    o.status === "PAYMENT_FAILED" ? `Nothing was charged. Say "check out" to try again with another card.` : undefined,
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

export const nothingFound = () => "I couldn't find anything matching that. Try another dish, cuisine or budget?";

/** A failure the student can read: the tool's own reason, written for people. */
export const couldNot = (what: string, error: ErrorInfo | undefined) =>
  `I couldn't ${what}${error ? `: ${error.message}` : ""}.`;

export function cartConflict(item: ItemInfo, reason: string): string {
  return `I didn't add ${item.name}${item.restaurantName ? ` from ${item.restaurantName}` : ""}: ${reason}. A cart holds one restaurant's food. Want me to clear your cart and add it? Just say "yes" (or "clear my cart").`;
}

export const soldOut = (item: ItemInfo, where: boolean) =>
  `Sorry, ${item.name}${where && item.restaurantName ? ` at ${item.restaurantName}` : ""} is sold out right now.`;

export const closed = (item: ItemInfo) =>
  `${item.restaurantName ?? "That restaurant"} is closed right now, so I couldn't add ${item.name}. Ask me "what's open now?" to see where you can order.`;

export function guardedFailure(placing: boolean, error: ErrorInfo): string {
  switch (error.code) {
    case "payment_declined":
      return `Your payment was declined (${error.message}). Nothing was charged and your cart is still there; say "check out" to try again with another card.`;
    case "cart_changed":
      return `Your cart changed since the summary, so I didn't place the order. Say "check out" to see the updated summary.`;
    case "cart_empty":
      return "Your cart is empty, so there's nothing to order yet. What would you like?";
    case "sold_out":
      return `Some items aren't available any more (${error.message}). Remove them and check out again.`;
    default:
      return couldNot(placing ? "place the order" : "cancel the order", error);
  }
}

export const orderDeclined = () =>
  "OK, I didn't place the order. Your cart is unchanged; tell me if you'd like to change anything.";
export const cancelDeclined = () => "OK, your order stays as it is.";

export function orderPlaced(order: OrderInfo): string {
  const eta = clock(order.eta);
  return `Your order is placed! Order ${shortOrderId(order.id)} is ${statusWords(order.status)}${order.total ? `, total ${order.total}` : ""}.${eta ? ` Expected around ${eta}.` : ""} Ask me "where's my order?" any time.`;
}

export const orderCancelled = (order: OrderInfo, refund: string | undefined) =>
  `Your order ${shortOrderId(order.id)} is cancelled.${refund ? ` A refund of ${refund} is on its way.` : ""}`;

export const howMany = (dish: string) => `How many ${dish} would you like? Tell me a number (e.g. "3").`;
export const overLimit = (r: AddRequest, max: number) =>
  `I can add at most ${max} of one dish to a cart, so I didn't add ${r.quantity} × ${r.name}. Want ${max}, or fewer?`;
export const updatedOrder = (done: string) => `${done.split("\n")[0]} Here's the updated order for you to confirm.`;
export const notCancellable = (o: OrderInfo) =>
  `Your order ${shortOrderId(o.id)}${o.restaurantName ? ` from ${o.restaurantName}` : ""} is ${statusWords(o.status)}, so it can't be cancelled any more.${
    o.status === "PICKED_UP" ? " It's already on the way to you." : ""
  }`;
export const dishesFound = (items: ItemInfo[], more: number) =>
  `Here's what I found:\n${itemList(items, more)}\nWant me to add one to your cart?`;
export const noRestaurants = () =>
  "I couldn't find any restaurants matching that. Try another cuisine, or ask what's open now?";
export const placesFound = (restaurants: RestaurantInfo[], more: number) =>
  `Here are some places:\n${restaurantList(restaurants, more)}\nWant to see one of their menus?`;
export const emptyCart = () => "Your cart is empty, so there's nothing to check out yet. What would you like to order?";
export const askAddress = () => `Where should I deliver it? Tell me the building and room, e.g. "Hall 5, room 512".`;
export const summaryFor = (where: string) => `Here's your order summary for ${where}; please confirm it.`;
export const whichOne = (asked: string, items: ItemInfo[]) =>
  `I found a few matches for "${asked}". Which one would you like?\n${choices(items)}`;
export const foundElsewhere = (asked: string, at: string, items: ItemInfo[]) =>
  `I couldn't find "${asked}" at ${at}, but I found:\n${choices(items)}\nWant one of these?`;
export const notOnAnyMenu = (asked: string) =>
  `I couldn't find "${asked}" on any menu. Try "find ${asked}" or ask for a restaurant's menu.`;
export const similarDishes = (items: ItemInfo[]) => `Similar dishes that are available:\n${itemList(items)}`;
export const added = (what: string[], cart: CartInfo | null) =>
  `Added ${what.join(" and ")} to your cart.${cartTotalLine(cart)}`;
export const summaryToConfirm = () => "Here's your order summary to confirm.";
export const anythingElse = () =>
  `Anything else, or shall I check out? Tell me where to deliver (e.g. "deliver to Hall 5 room 512").`;
export const whichMenu = () => "Which restaurant's menu would you like? Ask me to show restaurants if you're not sure.";
export const noRestaurantCalled = (name: string) =>
  `I couldn't find a restaurant called "${name}". Want me to list the restaurants?`;
export const nothingToConfirm = () =>
  "There's nothing waiting for your confirmation right now. When I set up an order or a cancellation, you'll get a summary to approve. What would you like to do?";
export const addressButEmpty = (where: string) =>
  `Got it, ${where}. Your cart is empty though; what would you like to order?`;
export const changed = (cart: CartInfo | null) => `Done. ${cart ? cartSummary(cart) : ""}`.trim();
export const nothingToChange = () => "Your cart is empty, so there's nothing to change.";
export const whichLine = (lines: CartInfo["lines"]) =>
  `Which item do you mean?\n${lines.map((l) => `• ${l.quantity} × ${l.name}${l.notes ? ` (${l.notes})` : ""}`).join("\n")}`;
export const notInCart = (target: string, cart: CartInfo) =>
  `I don't see "${target}" in your cart. ${cartSummary(cart)}`;
export const noNoteAbout = (words: string, cart: CartInfo) =>
  `I don't see a note about "${words}" in your cart. ${cartSummary(cart)}`;
export const whatToChange = () => "What would you like to change: the quantity or a note for the kitchen?";
export const clearedCart = () => "I cleared your cart, but";
export const clearedAndAdded = (quantity: number, name: string, cart: CartInfo | null) =>
  `Cleared your cart and added ${quantity} × ${name}.${cartTotalLine(cart)} Anything else?`;
export const cartCleared = () => "Your cart is empty now. What would you like instead?";
export const noOrders = () => "You haven't placed any orders yet. Want to find something to eat?";
export const orderNotFound = (ref: string, orders: OrderInfo[]) =>
  `I couldn't find order ${ref} among your orders. Your recent orders:\n${orders.slice(0, 5).map(orderLine).join("\n")}`;
export const noCourierYet = (order: OrderInfo | undefined) =>
  `No courier is on it yet. ${order ? orderStatus(order) : ""}`.trim();
export const cartKept = () => "OK, I left your cart as it is.";
export const nothingToDo = () => "OK, nothing to do then. Tell me whenever you want to find food or check on an order.";
