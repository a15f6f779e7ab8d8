import { z } from "zod";

const PROBLEM_BASE = "urn:ustbites:problem:";

/**
 * The `type` of every problem the platform returns. RFC 9457 wants a URI that identifies the kind of
 * problem; a URN keeps it stable without promising a page behind it. Clients branch on these, never on
 * `title` or `detail`.
 */
export const PROBLEM_TYPES = {
  /** A body, query, params or header failed its schema; `errors` names each field. */
  validation: `${PROBLEM_BASE}validation`,
  /** Missing, expired or invalid access token. */
  unauthorized: `${PROBLEM_BASE}unauthorized`,
  /** Authenticated, but the resource belongs to someone else or needs another role. */
  forbidden: `${PROBLEM_BASE}forbidden`,
  /** A request authenticated by a cookie came without a valid CSRF token (x-csrf-token). */
  csrf: `${PROBLEM_BASE}csrf`,
  notFound: `${PROBLEM_BASE}not-found`,
  /** Registering an email that already has an account. */
  emailTaken: `${PROBLEM_BASE}email-taken`,
  /** Wrong email or password; deliberately does not say which. */
  invalidCredentials: `${PROBLEM_BASE}invalid-credentials`,
  /** Adding an item from a restaurant other than the one the cart already holds items from. */
  cartRestaurantConflict: `${PROBLEM_BASE}cart-restaurant-conflict`,
  /** A cart line would exceed the per-line quantity, or the cart its number of lines. */
  cartLimit: `${PROBLEM_BASE}cart-limit`,
  /** The cart is empty when an order is placed. */
  cartEmpty: `${PROBLEM_BASE}cart-empty`,
  /** An item is sold out or no longer on the menu. */
  itemUnavailable: `${PROBLEM_BASE}item-unavailable`,
  /** The restaurant is closed now. */
  restaurantClosed: `${PROBLEM_BASE}restaurant-closed`,
  /** The same Idempotency-Key was reused with a different request body. */
  idempotencyConflict: `${PROBLEM_BASE}idempotency-conflict`,
  /** A request with this Idempotency-Key is still being processed. */
  idempotencyInProgress: `${PROBLEM_BASE}idempotency-in-progress`,
  /** The order is not in the status this step needs (accepting an accepted order, picking up food that is not ready). */
  orderWrongStatus: `${PROBLEM_BASE}order-wrong-status`,
  /** The order's status no longer allows cancelling (e.g. already picked up). */
  orderNotCancellable: `${PROBLEM_BASE}order-not-cancellable`,
  paymentDeclined: `${PROBLEM_BASE}payment-declined`,
  /** A service this request depends on did not answer in time. */
  upstreamUnavailable: `${PROBLEM_BASE}upstream-unavailable`,
  rateLimited: `${PROBLEM_BASE}rate-limited`,
  internal: `${PROBLEM_BASE}internal`,
} as const;
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];

export const ProblemFieldError = z.object({
  field: z
    .string()
    .describe(
      "Dotted path of the failing input, starting with its part: body.items.0.quantity, query.limit, params.id, headers.idempotency-key.",
    ),
  message: z.string().describe("What is wrong with that field, for a human."),
});
export type ProblemFieldError = z.infer<typeof ProblemFieldError>;

/** RFC 9457 problem details, served as application/problem+json for every 4xx and 5xx. */
export const Problem = z.object({
  type: z.string().describe("A URI identifying the kind of problem; one of PROBLEM_TYPES, or about:blank."),
  title: z.string().describe("A short summary of the kind of problem; the same for every occurrence of a type."),
  status: z.number().int().min(400).max(599).describe("The HTTP status code of this response."),
  detail: z.string().optional().describe("What went wrong in this occurrence, for a human."),
  instance: z.string().optional().describe("The request path this problem occurred on."),
  errors: z.array(ProblemFieldError).optional().describe("One entry per failing input field (validation problems)."),
  requestId: z.string().describe("The request id, as logged by the service; quote it when reporting a problem."),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
