import { ItemLookupResponse, PROBLEM_TYPES, type MenuItem } from "@ustbites/contracts";
import { HttpProblem } from "@ustbites/kit";
import { createServiceClient, ServiceError } from "@ustbites/kit/client";

/** Who a lookup is made for: the student's own token, and the request id to carry along in logs. */
export interface Caller {
  id: string;
  token: string;
  requestId?: string;
}

/** Current price and availability of menu items; unknown ids are simply absent from the answer. */
export interface ItemCatalogue {
  lookup(ids: readonly string[], caller: Caller): Promise<MenuItem[]>;
}

export interface RestaurantCatalogueOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** restaurant-service's `POST /items/lookup`: one call for a whole cart, however many lines it has. */
export function createRestaurantCatalogue(opts: RestaurantCatalogueOptions): ItemCatalogue {
  const client = createServiceClient({
    service: "restaurant",
    baseUrl: opts.baseUrl,
    timeoutMs: opts.timeoutMs ?? 3000,
    // A lookup only reads, so repeating it after a network fault is safe.
    retries: 1,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return {
    async lookup(ids, caller) {
      if (ids.length === 0) return [];
      try {
        const { items } = await client.request({
          method: "POST",
          path: "/items/lookup",
          body: { ids },
          token: caller.token,
          requestId: caller.requestId,
          schema: ItemLookupResponse,
        });
        return items;
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        // Without current prices the cart cannot be shown honestly: say so rather than guess.
        const down = err.unreachable || err.status >= 500;
        throw new HttpProblem(down ? 503 : 502, down ? "Service Unavailable" : "Bad Gateway", {
          type: PROBLEM_TYPES.upstreamUnavailable,
          detail: down ? "The restaurant service is not answering; try again shortly" : `The restaurant service refused the price lookup: ${err.message}`,
          ...(down ? { headers: { "retry-after": "2" } } : {}),
        });
      }
    },
  };
}
