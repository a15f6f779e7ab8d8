import { tool } from "@langchain/core/tools";
import { Cart, CartLineParams, CartQuantity, ItemNotes } from "@ustbites/contracts";
import { compactCart, LINE_NOT_FOUND } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { failed, ok } from "./results.ts";

/** UpdateCartItemBody is refined (so it cannot be extended): the same fields, composed with the line id. */
export const UpdateCartItemInput = CartLineParams.extend({
  lineId: CartLineParams.shape.lineId.describe("The cart line's lineId from view_cart (not the dish id)."),
  quantity: CartQuantity.optional().describe("The new quantity, 1..20; to remove a line use remove_from_cart."),
  notes: ItemNotes.nullable().optional().describe("New kitchen instructions for the line; null removes them."),
}).refine((input) => input.quantity !== undefined || input.notes !== undefined, { message: "give quantity, notes or both" });

export function createUpdateCartItemTool(clients: Clients) {
  return tool(
    async ({ lineId, ...patch }) => {
      try {
        return ok(
          compactCart(await clients.cart.request({ method: "PATCH", path: `/cart/items/${encodeURIComponent(lineId)}`, body: patch, schema: Cart })),
        );
      } catch (err) {
        return failed(err, { notFound: LINE_NOT_FOUND });
      }
    },
    {
      name: "update_cart_item",
      description: "Change a cart line's quantity and/or kitchen notes. Returns the whole cart.",
      schema: UpdateCartItemInput,
    },
  );
}
