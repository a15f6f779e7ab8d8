/**
 * Steps 2 and 3 of the pipeline: the message understood (normalised, cut into requests, each read
 * into an intent), then each intent resolved against the dialogue state: an answer to the question
 * the last reply asked ("which one?", "where to?"), a correction of the last cart change, a
 * reference to what was just shown.
 */
import { type Ctx } from "./policy/context.ts";
import { openChoice, previousIntent } from "./policy/checkout.ts";
import { pickChoice } from "./resolve.ts";
import type { DialogueState } from "./state/dialogue.ts";
import type { AddRequest, Intent } from "./types.ts";
import { parseAddress, parseStandaloneAddress } from "./understand/address.ts";
import { correctedDish, correctedQuantity, swapped } from "./understand/corrections.ts";
import { parseIntent } from "./understand/intents.ts";
import { type NoteFix, NOTE_WORDS, noteMentions, parseNoteFix } from "./understand/note-fix.ts";
import { normalizeMessage } from "./understand/normalize.ts";
import { parseReference } from "./understand/references.ts";
import { splitRequests } from "./understand/requests.ts";

/** Intents a message's words alone leave open: the state may say what they mean. */
const OPEN = new Set<Intent["kind"]>(["unknown", "search", "confirm", "reject", "menu"]);
const EDITS = new Set<Intent["kind"]>(["add", "update", "remove"]);
/** A bare yes/no/ok before another request only leads into it ("yes please, but make it two"). */
const LEAD_INS = new Set<Intent["kind"]>(["confirm", "reject", "thanks", "greeting"]);

/** Undo the last cart change, then do it with the dish the student meant. */
function correction(name: string, state: DialogueState): Intent[] | undefined {
  const last = state.lastChange;
  if (!last) return undefined;
  const hint = last.restaurantName ? { restaurant: last.restaurantName } : {};
  if (last.kind === "add") {
    const redo: AddRequest = { name, quantity: last.quantity, like: last.name };
    if (last.notes) redo.notes = last.notes;
    return [
      { kind: "remove", target: last.name },
      { kind: "add", items: [redo], ...hint },
    ];
  }
  if (last.kind === "remove") {
    const back: AddRequest = { name: last.name, quantity: last.quantity };
    if (last.notes) back.notes = last.notes;
    return [
      { kind: "add", items: [back], ...hint },
      { kind: "remove", target: name },
    ];
  }
  return undefined;
}

/** "peppers not onions" corrects a note when a cart line's note says "onions" (or, cart unseen, when it reads like a note). */
function fixesANote(fix: NoteFix, ctx: Ctx): boolean {
  const lines = ctx.state.cart?.lines;
  if (lines) return lines.some((l) => noteMentions(l.notes, fix.from));
  return NOTE_WORDS.test(fix.to) || NOTE_WORDS.test(fix.from);
}

/** One request read in context. Several intents when it is a correction (undo, redo). */
function inContext(intent: Intent, text: string, ctx: Ctx): Intent[] {
  const prev = previousIntent(ctx);
  if (prev?.kind === "add" && (OPEN.has(intent.kind) || intent.kind === "add")) {
    const open = openChoice(ctx, prev);
    const picked = open ? pickChoice(text, open.options) : undefined;
    if (open && picked) {
      const chosen: Intent = { kind: "add", items: [{ ...open.request, name: picked.name }] };
      if (picked.restaurantName) chosen.restaurant = picked.restaurantName;
      if (prev.address) chosen.address = prev.address;
      return [chosen];
    }
  }
  const noteFix = OPEN.has(intent.kind) || EDITS.has(intent.kind) ? parseNoteFix(text.toLowerCase()) : undefined;
  if (noteFix && fixesANote(noteFix, ctx)) return [{ kind: "update", noteFix }];
  if (OPEN.has(intent.kind) || (intent.kind === "add" && /\binstead\b/.test(text)) || intent.kind === "update") {
    const fix = correctedQuantity(text);
    const target = fix?.dish ?? ctx.state.lastItem?.name;
    if (fix && target) return [{ kind: "update", target, quantity: fix.quantity }];
    const dish = intent.kind === "update" && !/\binstead\b/.test(text) ? undefined : correctedDish(text);
    const undo = dish ? correction(dish, ctx.state) : undefined;
    if (undo) return undo;
  }
  const swap = intent.kind === "update" || OPEN.has(intent.kind) ? swapped(text) : undefined;
  if (swap)
    return [
      { kind: "remove", target: swap.out },
      { kind: "add", items: [{ name: swap.in, quantity: 1 }] },
    ];
  // "the first one", "that one sounds good", "2 of the second one": pointing at what was just shown.
  if (OPEN.has(intent.kind) || intent.kind === "add") {
    const pointed = parseReference(text);
    const again = pointed?.ref.kind === "again";
    if (pointed && (again || (intent.kind !== "add" && (ctx.state.shown.length || ctx.state.lastItem))))
      return [{ kind: "add", items: [{ name: text, quantity: pointed.quantity ?? 1 }] }];
  }
  const askedAddress =
    prev?.kind === "checkout" && !prev.address && !ctx.prevEvents.some((e) => e.name === "place_order");
  if (askedAddress && (intent.kind === "unknown" || intent.kind === "search")) {
    const address = parseStandaloneAddress(text) ?? (text.split(/\s+/).length <= 8 ? parseAddress(text) : undefined);
    if (address) return [{ kind: "address", address }];
  }
  return [intent];
}

/** The message's requests, understood and resolved; the whole message as one when a part makes no sense alone. */
export function understand(raw: string, ctx: Ctx): Intent[] {
  const text = normalizeMessage(raw);
  const parts = splitRequests(text);
  if (parts.length > 1) {
    const intents = parts.flatMap((part) => inContext(parseIntent(part), part, ctx));
    if (intents.every((i) => i.kind !== "unknown"))
      return intents.filter((i, n) => !(LEAD_INS.has(i.kind) && n < intents.length - 1));
  }
  return inContext(parseIntent(text), text, ctx);
}
