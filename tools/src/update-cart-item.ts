import { tool } from "@langchain/core/tools";
import { Cart, CartQuantity, ItemNotes, type ToolResult } from "@ustbites/contracts";
import { z } from "zod";
import { compactCart, LINE_NOT_FOUND } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { modelRef } from "./refs.ts";
import { describeFailure } from "./results.ts";

/** UpdateCartItemBody is refined (so it cannot be extended): the same fields, composed with the line id. */
export const UpdateCartItemInput = z
  .strictObject({
    lineId: modelRef("cart line id, e.g. l1"),
    quantity: CartQuantity.optional().describe("new quantity"),
    notes: ItemNotes.nullable().optional().describe("null clears"),
  })
  .refine((input) => input.quantity !== undefined || input.notes !== undefined, {
    message: "give quantity, notes or both",
  });

export function createUpdateCartItemTool(clients: Clients) {
  return tool(
    async ({ lineId, ...patch }): Promise<ToolResult<"update_cart_item">> => {
      try {
        return compactCart(
          await clients.cart.request({
            method: "PATCH",
            path: `/cart/items/${encodeURIComponent(lineId)}`,
            body: patch,
            schema: Cart,
          }),
        );
      } catch (err) {
        return describeFailure(err, { notFound: LINE_NOT_FOUND });
      }
    },
    { name: "update_cart_item", description: "Change a cart line's quantity or notes.", schema: UpdateCartItemInput },
  );
}
