import { tool } from "@langchain/core/tools";
import { AddCartItemBody, Cart } from "@ustbites/contracts";
import { compactCart } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { failed, ok } from "./results.ts";

export const AddToCartInput = AddCartItemBody.extend({
  itemId: AddCartItemBody.shape.itemId.describe("The dish's id from get_menu or find_items."),
  quantity: AddCartItemBody.shape.quantity.describe("How many, 1..20 (default 1)."),
  notes: AddCartItemBody.shape.notes.describe("Kitchen instructions for this dish, e.g. 'no onions'."),
});

export function createAddToCartTool(clients: Clients) {
  return tool(
    async (input) => {
      try {
        return ok(compactCart(await clients.cart.request({ method: "POST", path: "/cart/items", body: input, schema: Cart })));
      } catch (err) {
        return failed(err, { notFound: `no dish with id ${input.itemId}; look it up with get_menu or find_items` });
      }
    },
    {
      name: "add_to_cart",
      description:
        "Add a dish to the student's cart (the same dish with the same notes adds to its line). A cart holds dishes from one restaurant only. Returns the whole cart.",
      schema: AddToCartInput,
    },
  );
}
