import { tool } from "@langchain/core/tools";
import { Cart, type ToolResult } from "@ustbites/contracts";
import { z } from "zod";
import { compactCart } from "./cart-view.ts";
import type { Clients } from "./clients.ts";
import { describeFailure } from "./results.ts";

export const ViewCartInput = z.strictObject({});

export function createViewCartTool(clients: Clients) {
  return tool(
    async (): Promise<ToolResult<"view_cart">> => {
      try {
        return compactCart(await clients.cart.request({ path: "/cart", schema: Cart }));
      } catch (err) {
        return describeFailure(err, { notFound: "cart not found" });
      }
    },
    { name: "view_cart", description: "The student's cart, priced now.", schema: ViewCartInput },
  );
}
