import { tool } from "@langchain/core/tools";
import { Cart, type ToolResult } from "@ustbites/contracts";
import { z } from "zod";
import { compactCart, LINE_NOT_FOUND } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { modelRef } from "./refs.ts";
import { describeFailure } from "./results.ts";

export const RemoveFromCartInput = z.strictObject({ lineId: modelRef("cart line id, e.g. l1") });

export function createRemoveFromCartTool(clients: Clients) {
  return tool(
    async ({ lineId }): Promise<ToolResult<"remove_from_cart">> => {
      try {
        return compactCart(
          await clients.cart.request({
            method: "DELETE",
            path: `/cart/items/${encodeURIComponent(lineId)}`,
            schema: Cart,
          }),
        );
      } catch (err) {
        return describeFailure(err, { notFound: LINE_NOT_FOUND });
      }
    },
    { name: "remove_from_cart", description: "Remove a line from the cart.", schema: RemoveFromCartInput },
  );
}
