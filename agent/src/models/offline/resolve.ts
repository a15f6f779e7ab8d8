/**
 * Names and references resolved against what the student has seen: a requested dish against the
 * dishes in the results (same name, every word, most words; typo-tolerant), a cart line by name, a
 * choice among listed options (a number, an ordinal, a restaurant, a word of the name).
 */
import type { CartInfo, CartLineInfo, ItemInfo, Memory } from "./state/conversation.ts";
import type { Ctx } from "./policy/context.ts";
import { PRONOUN_ITEM } from "./policy/context.ts";
import type { DialogueState } from "./state/dialogue.ts";
import { matchName, matchTier, nameTokens, normalize, wordsMatch } from "./text.ts";
import { ORDINALS, parseReference, type Reference } from "./understand/references.ts";
import { tagNamed } from "./understand/search.ts";
import type { AddRequest } from "./types.ts";

export function restaurantMatches(hint: string, item: ItemInfo, hintId: string | undefined): boolean {
  if (hintId && item.restaurantId === hintId) return true;
  return item.restaurantName !== undefined && matchTier(hint, item.restaurantName) >= 2;
}

export function resolveRestaurantId(hint: string, memory: Memory): string | undefined {
  const ranked = memory.restaurants.map((r) => ({ r, tier: matchTier(hint, r.name) })).filter((x) => x.tier >= 2);
  const best = Math.max(0, ...ranked.map((x) => x.tier));
  const top = ranked.filter((x) => x.tier === best);
  return top.length === 1 ? top[0]!.r.id : undefined;
}

/** Restaurants the student is "at": the cart's, then the menu looked at last. */
export function focusRestaurants(ctx: Ctx): string[] {
  const names: string[] = [];
  if (ctx.memory.cart?.lines.length && ctx.memory.cart.restaurantName) names.push(ctx.memory.cart.restaurantName);
  const menu = ctx.conv.events.filter((e) => e.done && e.name === "get_menu" && e.extracted.restaurants.length).at(-1);
  if (menu) names.push(menu.extracted.restaurants[0]!.name);
  return names;
}

export interface Candidates {
  tier: number;
  items: ItemInfo[];
  /** Matches found, but not at the restaurant the student named. */
  elsewhere: ItemInfo[];
}

/**
 * When no known name matches well, the dishes the service itself returned for this request's words
 * decide: the one sharing the most words with the request ("margherita pizza" → "Margherita").
 */
export function bestOfFound(request: AddRequest, found: ItemInfo[]): ItemInfo[] {
  const ranked = found
    .map((item) => ({ item, m: matchName(request.name, item.name) }))
    .filter((x) => x.m.coverage > 0)
    .sort((a, b) => b.m.coverage - a.m.coverage || b.m.precision - a.m.precision);
  const top = ranked[0];
  if (!top) return [];
  return ranked.filter((x) => x.m.coverage === top.m.coverage && x.m.precision === top.m.precision).map((x) => x.item);
}

export function candidatesFor(
  request: AddRequest,
  hint: string | undefined,
  ctx: Ctx,
  found?: ItemInfo[],
  useFocus = true,
): Candidates {
  const hintId = hint ? resolveRestaurantId(hint, ctx.memory) : undefined;
  const reference = parseReference(request.name);
  if (reference) {
    const items = resolveReference(reference.ref, ctx.state, ctx.memory);
    if (items.length)
      return { tier: 3, items: items.filter((i) => !hint || restaurantMatches(hint, i, hintId)), elsewhere: [] };
    if (PRONOUN_ITEM.test(request.name) || reference.ref.kind === "again" || reference.ref.kind === "pronoun")
      return { tier: 3, items: [], elsewhere: [] };
  }
  const scored = ctx.memory.items
    .map((item) => ({ item, tier: matchTier(request.name, item.name) }))
    .filter((x) => x.tier > 0);
  const atHint = hint ? scored.filter((x) => restaurantMatches(hint, x.item, hintId)) : scored;
  let tier = Math.max(0, ...atHint.map((x) => x.tier));
  let items = atHint.filter((x) => x.tier === tier).map((x) => x.item);
  if (!items.length && found) {
    items = bestOfFound(request, hint ? found.filter((i) => restaurantMatches(hint, i, hintId)) : found);
    tier = items.length ? 1 : 0;
  }
  // A correction ("no, the other one, tofu") prefers the dish most like the one it replaces.
  if (items.length > 1 && request.like) {
    const likeness = (i: ItemInfo) => matchName(request.like!, i.name).coverage;
    const best = Math.max(...items.map(likeness));
    items = items.filter((i) => likeness(i) === best);
  }
  // One exact name beats partial ones ("Margherita" over "Margherita Flatbread"), but two exact
  // names at two restaurants stay a question.
  if (items.length > 1 && !hint && useFocus) {
    for (const focus of focusRestaurants(ctx)) {
      const here = items.filter((i) => i.restaurantName === focus);
      if (here.length) {
        items = here;
        break;
      }
    }
  }
  const elsewhere = hint && !items.length ? scored.filter((x) => x.tier >= 2).map((x) => x.item) : [];
  return { tier, items, elsewhere };
}

export function lineFor(
  target: string | undefined,
  cart: CartInfo,
  ctx: Ctx,
): { line?: CartLineInfo; ambiguous?: CartLineInfo[] } {
  const lines = cart.lines;
  if (!lines.length) return {};
  if (!target) {
    // "it", "them": the line changed last ("make the lassi 2 and no ice in it").
    const touched = ctx.conv.events
      .filter((e) => e.done && !e.error && (e.name === "add_to_cart" || e.name === "update_cart_item"))
      .at(-1);
    const byLine =
      touched?.name === "update_cart_item" ? lines.find((l) => l.lineId === touched.args.lineId) : undefined;
    const name =
      touched?.name === "add_to_cart" ? ctx.memory.items.find((i) => i.id === touched.args.itemId)?.name : undefined;
    const line = byLine ?? (name ? lines.filter((l) => l.name === name).at(-1) : undefined);
    if (line) return { line };
    return lines.length === 1 ? { line: lines[0]! } : { ambiguous: lines };
  }
  const scored = lines.map((line) => ({ line, tier: matchTier(target, line.name) })).filter((x) => x.tier > 0);
  const best = Math.max(0, ...scored.map((x) => x.tier));
  const top = scored.filter((x) => x.tier === best).map((x) => x.line);
  if (top.length === 1) return { line: top[0]! };
  return top.length ? { ambiguous: top } : {};
}

export function pickChoice(text: string, options: ItemInfo[]): ItemInfo | undefined {
  const t = normalize(text)
    .replace(
      /\b(?:the|one|ones|from|at|please|i'?ll take|i want|i'?d like|option|number|no|go with|take|id|ill|i|want|like|meant|mean)\b/g,
      " ",
    )
    .replace(/\s+/g, " ")
    .trim();
  const n = /^#?\s*(\d+)$/.exec(t)?.[1] ?? (ORDINALS[t] !== undefined ? String(ORDINALS[t]) : undefined);
  if (n !== undefined) return options[Number(n) - 1];
  if (t === "last") return options.at(-1);
  if (!nameTokens(t).length) return undefined;
  const hits = options.filter((o) => matchName(t, `${o.name} ${o.restaurantName ?? ""}`).coverage === 1);
  return hits.length === 1 ? hits[0] : undefined;
}

const cents = (item: ItemInfo) => Number(item.price.replace(/[^\d]/g, ""));

/** Does every word describe the dish: its name, its restaurant or a dietary tag ("the tonkotsu one", "the levant one", "the vegan one")? */
function describes(words: string, item: ItemInfo): boolean {
  const about = [...nameTokens(item.name), ...nameTokens(item.restaurantName ?? ""), ...(item.tags ?? [])];
  const tags = item.tags ?? [];
  const wanted = nameTokens(words);
  return (
    wanted.length > 0 &&
    wanted.every((w) => {
      const tag = tagNamed(w);
      // A vegan dish is vegetarian too, whatever its tags list.
      if (tag) return tags.includes(tag) || (tag === "vegetarian" && tags.includes("vegan"));
      if (w === "spicy" || w === "hot") return (item.spice ?? 0) >= 2;
      return about.some((a) => wordsMatch(w, a));
    })
  );
}

/** The dish touched last, or the cart's newest line when nothing was touched in this conversation. */
function touched(state: DialogueState, memory: Memory): ItemInfo[] | undefined {
  const last = state.lastItem;
  if (last)
    return [
      memory.items.find((i) => i.id === last.itemId) ?? {
        id: last.itemId,
        name: last.name,
        price: "",
        available: true,
      },
    ];
  const line = memory.cart?.lines.at(-1);
  return line ? [{ id: line.itemId, name: line.name, price: "", available: line.available }] : undefined;
}

/** "it", "that one", "2 of those": the one dish shown or asked about, else whichever came last of the list and the dish touched. */
function pointedAt(state: DialogueState, memory: Memory): ItemInfo[] {
  const listIsNewer = state.recent === "list";
  if (state.shown.length === 1) return state.shown;
  if (listIsNewer && state.focus) return [state.focus];
  if (listIsNewer) return state.shown;
  return touched(state, memory) ?? state.shown;
}

/** What a reference points at in the dialogue state: one dish, several (a question), or none. */
export function resolveReference(ref: Reference, state: DialogueState, memory: Memory): ItemInfo[] {
  const shown = state.shown;
  const available = shown.filter((i) => i.available);
  switch (ref.kind) {
    case "ordinal":
      return shown[ref.index - 1] ? [shown[ref.index - 1]!] : [];
    case "last":
      return shown.length ? [shown.at(-1)!] : [];
    case "cheapest":
    case "priciest": {
      const sorted = [...available].sort((a, b) =>
        ref.kind === "cheapest" ? cents(a) - cents(b) : cents(b) - cents(a),
      );
      return sorted.length ? [sorted[0]!] : [];
    }
    case "again":
      return touched(state, memory) ?? pointedAt(state, memory);
    case "pronoun":
      return pointedAt(state, memory);
    case "described": {
      const kept = ref.not ? shown.filter((i) => !describes(ref.not!, i)) : shown;
      const hits = kept.filter((i) => describes(ref.words, i));
      if (hits.length) return hits;
      return ref.not && kept.length < shown.length ? kept : [];
    }
  }
}
