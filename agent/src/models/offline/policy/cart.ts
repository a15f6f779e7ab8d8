/** Changing the cart: a line's quantity or notes, removing a line, clearing it all. */
import { CART_QUANTITY_MAX } from "@ustbites/contracts";
import * as say from "../replies.ts";
import { lineFor } from "../resolve.ts";
import { parseAdd } from "../understand/add.ts";
import { applyNoteFix, noteMentions } from "../understand/note-fix.ts";
import { planAdd } from "./add.ts";
import { planCancel } from "./orders.ts";
import type { ToolEvent } from "../state/conversation.ts";
import type { Intent } from "../types.ts";
import { call, type Ctx, lastDone, type Plan, reply } from "./context.ts";

export function planLineChange(intent: Extract<Intent, { kind: "update" | "remove" }>, ctx: Ctx): Plan {
  const change = ctx.turnEvents
    .filter((e) => e.done && (e.name === "update_cart_item" || e.name === "remove_from_cart"))
    .at(-1);
  const viewed = lastDone(ctx, "view_cart");
  const cart = ctx.memory.cart;
  if (!cart && !viewed && !change) return call("view_cart");
  // "remove the chai and the samosas": one removal per dish named, unless one line has that whole name.
  const parts =
    intent.kind === "remove" && intent.target
      ? intent.target.split(/\s*(?:,|\band\b|&)\s*(?:the\s+)?/).filter(Boolean)
      : [];
  if (parts.length > 1 && cart && !change?.error && !lineFor(intent.target, cart, ctx).line) {
    const next = parts.map((part) => lineFor(part, cart, ctx).line).find(Boolean);
    if (next) return call("remove_from_cart", { lineId: next.lineId });
  }
  if (change) {
    if (change.error) return reply(say.couldNot("change that", change.error), "failed");
    return reply(say.changed(change.extracted.cart ?? cart), "done");
  }
  // "2 jigoku ramen instead" for a dish that is not in the cart: the student wants it added.
  const adding =
    intent.kind === "update" &&
    intent.quantity &&
    intent.target &&
    !cart?.lines.some((l) => lineFor(intent.target, { lines: [l] }, ctx).line);
  if (adding) {
    const parsed = parseAdd(`${intent.quantity} ${intent.target}`);
    if (parsed) return planAdd({ kind: "add", ...parsed }, ctx);
  }
  // "i don't want it anymore" with nothing in the cart: the student means the order they placed.
  if (
    (!cart || !cart.lines.length) &&
    intent.kind === "remove" &&
    (!intent.target || /^(?:it|order|food|my order|the order|my food|the food)$/.test(intent.target))
  ) {
    return planCancel({ kind: "cancel_order" }, ctx);
  }
  if (!cart || !cart.lines.length) return reply(say.nothingToChange(), "failed");
  if (intent.kind === "update" && intent.noteFix) {
    const fix = intent.noteFix;
    const noted = cart.lines.filter((l) => noteMentions(l.notes, fix.from)).at(-1);
    if (!noted) return reply(say.noNoteAbout(fix.from, cart), "failed");
    return call("update_cart_item", { lineId: noted.lineId, notes: applyNoteFix(noted.notes!, fix).slice(0, 200) });
  }
  const { line, ambiguous } = lineFor(intent.target, cart, ctx);
  if (!line && !ambiguous && !viewed) return call("view_cart");
  if (!line) {
    if (ambiguous) return reply(say.whichLine(ambiguous), "asked");
    return reply(say.notInCart(intent.target ?? "that", cart), "failed");
  }
  if (intent.kind === "remove") {
    if (intent.quantity !== undefined && intent.quantity < line.quantity) {
      return call("update_cart_item", { lineId: line.lineId, quantity: line.quantity - intent.quantity });
    }
    return call("remove_from_cart", { lineId: line.lineId });
  }
  if (intent.quantity === 0) return call("remove_from_cart", { lineId: line.lineId });
  const args: Record<string, unknown> = { lineId: line.lineId };
  if (intent.quantity !== undefined && intent.quantity > CART_QUANTITY_MAX)
    return reply(say.overLimit({ name: line.name, quantity: intent.quantity }, CART_QUANTITY_MAX), "failed");
  if (intent.quantity !== undefined) args.quantity = intent.quantity;
  if (intent.notes !== undefined) {
    const keep = line.notes && !intent.replaceNotes && !line.notes.toLowerCase().includes(intent.notes.toLowerCase());
    const notes = keep ? `${line.notes}, ${intent.notes}` : intent.notes;
    args.notes = notes.slice(0, 200);
  }
  if (args.quantity === undefined && args.notes === undefined) return reply(say.whatToChange(), "asked");
  return call("update_cart_item", args);
}

export function planClear(ctx: Ctx, conflict: ToolEvent | undefined): Plan {
  const cleared = lastDone(ctx, "clear_cart");
  if (!cleared) return call("clear_cart");
  if (cleared.error) return reply(say.couldNot("clear your cart", cleared.error), "failed");
  if (conflict) {
    const retried = lastDone(ctx, "add_to_cart");
    if (!retried) return call("add_to_cart", conflict.args, "Cleared your cart.");
    const name = ctx.memory.items.find((i) => i.id === conflict.args.itemId)?.name ?? "the item";
    if (retried.error) return reply(`${say.clearedCart()} ${say.couldNot(`add ${name}`, retried.error)}`, "failed");
    return reply(say.clearedAndAdded(Number(conflict.args.quantity ?? 1), name, ctx.memory.cart), "done");
  }
  return reply(say.cartCleared(), "done");
}
