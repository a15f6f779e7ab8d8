import { tool } from "@langchain/core/tools";
import { Cart } from "@ustbites/contracts";
import { z } from "zod";
import { compactCart } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { failed, ok } from "./results.ts";

export const ViewCartInput = z.strictObject({});

export function createViewCartTool(clients: Clients) {
  return tool(
    async () => {
      try {
        return ok(compactCart(await clients.cart.request({ path: "/cart", schema: Cart })));
      } catch (err) {
        return failed(err, { notFound: "cart not found" });
      }
    },
    {
      name: "view_cart",
      description: "The student's cart, priced now: restaurant, lines (lineId, name, qty, each, total, notes, soldOut), subtotal, delivery fee and total.",
      schema: ViewCartInput,
    },
  );
}
