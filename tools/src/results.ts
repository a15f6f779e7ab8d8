import { PROBLEM_TYPES, formatCents } from "@ustbites/contracts";
import { ServiceError } from "@ustbites/kit/client";

/** A tool's answer: compact JSON the model reads. Keys whose value is undefined are left out. */
export const ok = (value: object): string => JSON.stringify(value);

/** An expected failure, as a result the model reads and can act on: `{"error": "<short reason>"}`. */
export const failure = (reason: string, extra: object = {}): string => JSON.stringify({ error: reason, ...extra });

export const money = formatCents;

/** ISO-8601 without milliseconds: the same instant in fewer tokens. */
export const time = (iso: string | null | undefined): string | undefined => (iso ? iso.replace(/\.\d{3}Z$/, "Z") : undefined);

/** Keys a list past its cap adds: how many more matched than were shown. */
export const more = (total: number, shown: number): { more?: number } => (total > shown ? { more: total - shown } : {});

/** What a tool says when the service answers 404: each tool knows what was not found. */
export interface FailureWording {
  notFound: string;
}

/** `body.items.0.quantity` → `items.0.quantity`: the model never wrote the request's parts. */
const fieldName = (field: string) => field.replace(/^(body|query|params|headers)\./, "");

/**
 * Turns a service's problem into a short reason the model can act on. Anything that is not a
 * `ServiceError` is a bug (e.g. a response that breaks the contract) and is rethrown.
 */
export function describeFailure(err: unknown, wording: FailureWording): string {
  if (!(err instanceof ServiceError)) throw err;
  const { problem } = err;
  // Services write details for people (the student), which is also what a model reads best.
  const detail = problem?.detail;
  if (err.unreachable || err.status === 502 || err.status === 503 || err.status === 504 || problem?.type === PROBLEM_TYPES.upstreamUnavailable) {
    return `${err.service} service is unavailable right now; try again in a moment`;
  }
  switch (problem?.type) {
    case PROBLEM_TYPES.notFound:
      return wording.notFound;
    case PROBLEM_TYPES.cartRestaurantConflict:
      // The detail names both restaurants: the cart's and the new item's.
      return detail ?? "cart has items from another restaurant; clear it first";
    case PROBLEM_TYPES.itemUnavailable:
      return detail ?? "item is sold out";
    case PROBLEM_TYPES.restaurantClosed:
      return detail ?? "restaurant is closed now";
    case PROBLEM_TYPES.cartEmpty:
      return "cart is empty; add items first";
    case PROBLEM_TYPES.orderNotCancellable:
      return detail ? `${detail} (already picked up or finished)` : "order can no longer be cancelled";
    case PROBLEM_TYPES.paymentDeclined:
      return `payment declined: ${detail ?? "card declined"}`;
    case PROBLEM_TYPES.idempotencyInProgress:
      return "this order is still being placed; check list_my_orders in a moment";
    case PROBLEM_TYPES.idempotencyConflict:
      return "this approval was already used for a different order; ask the student to confirm again";
    case PROBLEM_TYPES.unauthorized:
      return "the student's session has expired; they need to sign in again";
    case PROBLEM_TYPES.forbidden:
      return "not allowed for this student";
    case PROBLEM_TYPES.rateLimited:
      return "too many requests; wait a moment and try again";
    case PROBLEM_TYPES.validation: {
      const fields = problem.errors?.map((e) => `${fieldName(e.field)}: ${e.message}`) ?? [];
      return `invalid request: ${fields.length > 0 ? fields.join("; ") : (detail ?? "bad input")}`;
    }
  }
  if (err.status === 404) return wording.notFound;
  // A 409 without a specific type still explains itself (e.g. too many of one item in a line).
  if (err.status === 409 && detail) return detail;
  return `${err.service} service could not do that (status ${err.status})`;
}

/** `describeFailure` as the tool's answer: `{"error": "..."}`. */
export const failed = (err: unknown, wording: FailureWording): string => failure(describeFailure(err, wording));
