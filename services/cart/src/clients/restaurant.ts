import { ItemLookupResponse, PROBLEM_TYPES, type MenuItem } from "@ustbites/contracts";
import { HttpProblem } from "@ustbites/kit";
import { createServiceClient, ServiceError } from "@ustbites/kit/client";

/** Whose cart an operation is on, and the request id to carry along in logs. */
export interface Caller {
  id: string;
  requestId?: string;
}

const unavailable = (detail: string) =>
  new HttpProblem(503, "Service Unavailable", {
    type: PROBLEM_TYPES.upstreamUnavailable,
    detail,
    headers: { "retry-after": "2" },
  });

/** Current price and availability of menu items; unknown ids are simply absent from the answer. */
export interface ItemCatalogue {
  lookup(ids: readonly string[], caller: Caller): Promise<MenuItem[]>;
}

export interface RestaurantCatalogueOptions {
  baseUrl: string;
  /** cart-service's own token for restaurant-service (kit's createServiceTokenSource). */
  serviceToken: () => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * restaurant-service's internal `POST /internal/items/lookup`: one call for a whole cart, however many
 * lines it has, made as cart-service itself; no student's token leaves this service.
 */
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
      // Without its own token (user-service down) cart cannot ask either: the same outage to the student.
      const token = await opts.serviceToken().catch(() => {
        throw unavailable("The restaurant service cannot be asked right now; try again shortly");
      });
      try {
        const { items } = await client.request({
          method: "POST",
          path: "/internal/items/lookup",
          body: { ids },
          token,
          requestId: caller.requestId,
          schema: ItemLookupResponse,
        });
        return items;
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        // Without current prices the cart cannot be shown honestly: say so rather than guess.
        if (err.unreachable || err.status >= 500)
          throw unavailable("The restaurant service is not answering; try again shortly");
        throw new HttpProblem(502, "Bad Gateway", {
          type: PROBLEM_TYPES.upstreamUnavailable,
          detail: `The restaurant service refused the price lookup: ${err.message}`,
        });
      }
    },
  };
}
