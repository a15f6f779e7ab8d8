import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Clients } from "./clients.ts";
import { failed, ok } from "./results.ts";

export const ClearCartInput = z.strictObject({});

export function createClearCartTool(clients: Clients) {
  return tool(
    async () => {
      try {
        // 204 No Content: the kit client hands back null.
        await clients.cart.request({ method: "DELETE", path: "/cart", schema: z.null() });
        return ok({ cleared: true });
      } catch (err) {
        return failed(err, { notFound: "cart not found" });
      }
    },
    {
      name: "clear_cart",
      description: "Empty the student's cart, e.g. to order from another restaurant.",
      schema: ClearCartInput,
    },
  );
}
