import { tool } from "@langchain/core/tools";
import { Cart, CartLineParams } from "@ustbites/contracts";
import { compactCart, LINE_NOT_FOUND } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { failed, ok } from "./results.ts";

export const RemoveFromCartInput = CartLineParams.extend({
  lineId: CartLineParams.shape.lineId.describe("The cart line's lineId from view_cart (not the dish id)."),
});

export function createRemoveFromCartTool(clients: Clients) {
  return tool(
    async ({ lineId }) => {
      try {
        return ok(compactCart(await clients.cart.request({ method: "DELETE", path: `/cart/items/${encodeURIComponent(lineId)}`, schema: Cart })));
      } catch (err) {
        return failed(err, { notFound: LINE_NOT_FOUND });
      }
    },
    {
      name: "remove_from_cart",
      description: "Remove one line from the student's cart. Returns the whole cart.",
      schema: RemoveFromCartInput,
    },
  );
}
