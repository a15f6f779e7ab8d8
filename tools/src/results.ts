import { formatCents, PROBLEM_TYPES, type ToolError, type ToolErrorCode } from "@ustbites/contracts";
import { ServiceError } from "@ustbites/kit/client";

export const money = formatCents;

/** ISO-8601 without milliseconds: the same instant in fewer tokens. */
export const time = (iso: string | null | undefined): string | undefined =>
  iso ? iso.replace(/\.\d{3}Z$/, "Z") : undefined;

/** Keys a list past its cap adds: how many more matched than were shown. */
export const more = (total: number, shown: number): { more?: number } => (total > shown ? { more: total - shown } : {});

/** An expected failure, as a result the model reads and can act on (contracts' ToolError). */
export const failure = (
  code: ToolErrorCode,
  message: string,
  extra: Omit<ToolError["error"], "code" | "message"> = {},
): ToolError => ({
  error: { code, message, ...extra },
});

/** What a tool says when the service answers 404: each tool knows what was not found. */
export interface FailureWording {
  notFound: string;
}

/** `body.items.0.quantity` → `items.0.quantity`: the model never wrote the request's parts. */
const fieldName = (field: string) => field.replace(/^(body|query|params|headers)\./, "");

/**
 * A service's problem as a ToolError: the code from the problem's type, the message from the
 * service's own detail (written for the student, which a model also reads best). Anything that is
 * not a `ServiceError` is a bug (e.g. a response that breaks the contract) and is rethrown.
 */
export function describeFailure(err: unknown, wording: FailureWording): ToolError {
  if (!(err instanceof ServiceError)) throw err;
  const { problem } = err;
  const detail = problem?.detail;
  if (
    err.unreachable ||
    err.status === 502 ||
    err.status === 503 ||
    err.status === 504 ||
    problem?.type === PROBLEM_TYPES.upstreamUnavailable
  ) {
    return failure("service_unavailable", `${err.service} service is unavailable right now; try again in a moment`);
  }
  switch (problem?.type) {
    case PROBLEM_TYPES.notFound:
      return failure("not_found", wording.notFound);
    case PROBLEM_TYPES.cartRestaurantConflict:
      // The detail names both restaurants: the cart's and the new item's.
      return failure("cart_conflict", detail ?? "cart has items from another restaurant; clear it first");
    case PROBLEM_TYPES.itemUnavailable:
      return failure("sold_out", detail ?? "item is sold out");
    case PROBLEM_TYPES.restaurantClosed:
      return failure("restaurant_closed", detail ?? "restaurant is closed now");
    case PROBLEM_TYPES.cartLimit:
      return failure("quantity_limit", detail ?? "too many of this dish in one line");
    case PROBLEM_TYPES.cartEmpty:
      return failure("cart_empty", "cart is empty; add items first");
    case PROBLEM_TYPES.orderNotCancellable:
      return failure(
        "not_cancellable",
        detail ? `${detail} (already picked up or finished)` : "order can no longer be cancelled",
      );
    case PROBLEM_TYPES.paymentDeclined:
      return failure("payment_declined", `payment declined: ${detail ?? "card declined"}`);
    case PROBLEM_TYPES.idempotencyInProgress:
      return failure("in_progress", "this order is still being placed; check list_my_orders in a moment");
    case PROBLEM_TYPES.idempotencyConflict:
      return failure(
        "approval_mismatch",
        "this approval was already used for a different order; ask the student to confirm again",
      );
    case PROBLEM_TYPES.unauthorized:
      return failure("session_expired", "the student's session has expired; they need to sign in again");
    case PROBLEM_TYPES.forbidden:
      return failure("forbidden", "not allowed for this student");
    case PROBLEM_TYPES.rateLimited:
      return failure("rate_limited", "too many requests; wait a moment and try again");
    case PROBLEM_TYPES.validation: {
      const fields = problem.errors?.map((e) => `${fieldName(e.field)}: ${e.message}`) ?? [];
      return failure(
        "invalid_request",
        `invalid request: ${fields.length > 0 ? fields.join("; ") : (detail ?? "bad input")}`,
      );
    }
    default:
      if (err.status === 404) return failure("not_found", wording.notFound);
      // A 409 without a specific type still explains itself.
      if (err.status === 409 && detail) return failure("invalid_request", detail);
      return failure("failed", `${err.service} service could not do that (status ${err.status})`);
  }
}
