import { tool } from "@langchain/core/tools";
import { AddCartItemBody, Cart, type ToolResult } from "@ustbites/contracts";
import { compactCart } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { modelRef } from "./refs.ts";
import { describeFailure } from "./results.ts";

export const AddToCartInput = AddCartItemBody.extend({
  itemId: modelRef("dish id, e.g. i3"),
  quantity: AddCartItemBody.shape.quantity.describe("how many"),
  notes: AddCartItemBody.shape.notes.describe("e.g. no onions"),
});

export function createAddToCartTool(clients: Clients) {
  return tool(
    async (input): Promise<ToolResult<"add_to_cart">> => {
      try {
        return compactCart(
          await clients.cart.request({ method: "POST", path: "/cart/items", body: input, schema: Cart }),
        );
      } catch (err) {
        return describeFailure(err, {
          notFound: `no dish with id ${input.itemId}; look it up with get_menu or find_items`,
        });
      }
    },
    { name: "add_to_cart", description: "Add a dish to the cart (one restaurant per cart).", schema: AddToCartInput },
  );
}
