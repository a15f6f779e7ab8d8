import type { StructuredToolInterface } from "@langchain/core/tools";
import type { GuardedToolName } from "@ustbites/contracts";
import { createAddToCartTool } from "./add-to-cart.ts";
import { reportBadArguments } from "./bad-arguments.ts";
import { createCancelOrderTool } from "./cancel-order.ts";
import { createClearCartTool } from "./clear-cart.ts";
import { createClients, type ClientsOptions } from "./clients.ts";
import { createFindItemsTool } from "./find-items.ts";
import { createGetMenuTool } from "./get-menu.ts";
import { createGetOrderStatusTool } from "./get-order-status.ts";
import type { GuardedTool } from "./guarded.ts";
import { createListMyOrdersTool } from "./list-my-orders.ts";
import { createPlaceOrderTool } from "./place-order.ts";
import { createRemoveFromCartTool } from "./remove-from-cart.ts";
import { createSearchRestaurantsTool } from "./search-restaurants.ts";
import { createTrackDeliveryTool } from "./track-delivery.ts";
import { createUpdateCartItemTool } from "./update-cart-item.ts";
import { createViewCartTool } from "./view-cart.ts";

export { withStudent, currentStudent, type StudentContext } from "./context.ts";
export { createClients, type Clients, type ClientsOptions, type StudentClient } from "./clients.ts";
export { NEEDS_CONFIRMATION, type Approval, type GuardedTool } from "./guarded.ts";
export { CART_CHANGED, NO_CARD, placeOrderKey } from "./place-order.ts";
export { failure } from "./results.ts";
export { describeBadArguments } from "./bad-arguments.ts";

export type ToolsDeps = ClientsOptions;

export interface Tools {
  /** All 13 model-facing tools, for `bindTools`; place_order and cancel_order among them only refuse. */
  tools: StructuredToolInterface[];
  /** The acting halves of the guarded tools, for the graph's confirmation step. */
  guarded: { [N in GuardedToolName]: GuardedTool<N> };
}

/** Every tool, bound to the services at `deps.urls`; each call acts as `currentStudent()`. */
export function createTools(deps: ToolsDeps): Tools {
  const clients = createClients(deps);
  const guarded = { place_order: createPlaceOrderTool(clients), cancel_order: createCancelOrderTool(clients) };
  const tools: StructuredToolInterface[] = [
    createSearchRestaurantsTool(clients),
    createGetMenuTool(clients),
    createFindItemsTool(clients),
    createViewCartTool(clients),
    createAddToCartTool(clients),
    createUpdateCartItemTool(clients),
    createRemoveFromCartTool(clients),
    createClearCartTool(clients),
    guarded.place_order.tool,
    createListMyOrdersTool(clients),
    createGetOrderStatusTool(clients),
    createTrackDeliveryTool(clients),
    guarded.cancel_order.tool,
  ].map((tool) => reportBadArguments(tool));
  return { tools, guarded };
}
