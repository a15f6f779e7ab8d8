import {
  PROBLEM_TYPES,
  type AddCartItemBody,
  type Cart,
  type MenuItem,
  type UpdateCartItemBody,
} from "@ustbites/contracts";
import { HttpProblem } from "@ustbites/kit";
import type { Caller, ItemCatalogue } from "../clients/restaurant.ts";
import type { CartStore, StoredCart } from "../store/types.ts";
import { updateCart } from "../store/update.ts";
import { priceCart } from "./pricing.ts";
import { addItem, removeLine, updateLine, type Clock } from "./rules.ts";

export interface CartsDeps extends Clock {
  store: CartStore;
  catalogue: ItemCatalogue;
}

const itemIds = (cart: StoredCart | null): string[] => [...new Set(cart?.lines.map((line) => line.itemId) ?? [])];

/** What the routes call: every operation acts on the caller's own cart and answers with it re-priced. */
export function createCarts(deps: CartsDeps) {
  const { store, catalogue } = deps;

  /** Prices a cart with one lookup, reusing `known` when it already covers every item in the cart. */
  async function render(
    cart: StoredCart | null,
    caller: Caller,
    known?: { asked: ReadonlySet<string>; items: MenuItem[] },
  ): Promise<Cart> {
    const ids = itemIds(cart);
    const items = known && ids.every((id) => known.asked.has(id)) ? known.items : await catalogue.lookup(ids, caller);
    return priceCart(cart, new Map(items.map((item) => [item.id, item])));
  }

  return {
    async view(caller: Caller): Promise<Cart> {
      const { cart } = await store.read(caller.id);
      return render(cart, caller);
    },

    async add(caller: Caller, body: AddCartItemBody): Promise<Cart> {
      // One lookup serves both the check of the new item and the priced answer (unless another
      // request changed the cart in between, when render looks up again).
      const { cart: before } = await store.read(caller.id);
      const asked = new Set([body.itemId, ...itemIds(before)]);
      const items = await catalogue.lookup([...asked], caller);
      const item = items.find((candidate) => candidate.id === body.itemId);
      if (!item)
        throw new HttpProblem(404, "Not Found", {
          type: PROBLEM_TYPES.notFound,
          detail: `No menu item ${body.itemId}`,
        });
      if (!item.available) {
        throw new HttpProblem(409, "Conflict", {
          type: PROBLEM_TYPES.itemUnavailable,
          detail: `${item.name} from ${item.restaurantName} is sold out`,
        });
      }
      const after = await updateCart(store, caller.id, (current) => {
        const next = addItem(current, { item, quantity: body.quantity, notes: body.notes }, deps);
        return { next, result: next };
      });
      return render(after, caller, { asked, items });
    },

    async updateLine(caller: Caller, lineId: string, body: UpdateCartItemBody): Promise<Cart> {
      const after = await updateCart(store, caller.id, (current) => {
        const next = updateLine(current, lineId, body, deps);
        return { next, result: next };
      });
      return render(after, caller);
    },

    async removeLine(caller: Caller, lineId: string): Promise<Cart> {
      const after = await updateCart(store, caller.id, (current) => {
        const next = removeLine(current, lineId, deps);
        return { next, result: next };
      });
      return render(after, caller);
    },

    async clear(caller: Caller): Promise<void> {
      await store.delete(caller.id);
    },
  };
}

export type Carts = ReturnType<typeof createCarts>;
