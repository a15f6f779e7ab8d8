import { tool } from "@langchain/core/tools";
import type { ToolResult } from "@ustbites/contracts";
import { z } from "zod";
import type { Clients } from "./clients.ts";
import { describeFailure } from "./results.ts";

export const ClearCartInput = z.strictObject({});

export function createClearCartTool(clients: Clients) {
  return tool(
    async (): Promise<ToolResult<"clear_cart">> => {
      try {
        // 204 No Content: the kit client hands back null.
        await clients.cart.request({ method: "DELETE", path: "/cart", schema: z.null() });
        return { cleared: true };
      } catch (err) {
        return describeFailure(err, { notFound: "cart not found" });
      }
    },
    { name: "clear_cart", description: "Empty the cart.", schema: ClearCartInput },
  );
}
