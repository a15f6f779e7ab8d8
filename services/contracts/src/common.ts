import { z } from "zod";

/** Every price on the platform is in Hong Kong dollars: the campus is HKUST. */
export const CURRENCY = "HKD";
export const Currency = z.literal(CURRENCY).describe("ISO-4217 currency code; the platform only trades in HKD.");
export type Currency = z.infer<typeof Currency>;

/**
 * Text people type that the platform stores or forwards (names, notes, addresses, reasons, chat,
 * searches). No control characters but tab and newlines: PostgreSQL refuses a NUL byte, which would
 * be a 500, and nobody types a backspace or an escape into a name. No unpaired UTF-16 surrogate: it
 * has no UTF-8 form, so it would be stored as U+FFFD, not as what was sent.
 */
export const HumanText = z
  .string()
  .regex(/^(?:[\t\n\r]|[^\p{Cc}\p{Cs}])*$/u, "Must not contain control characters or unpaired surrogates");

export const Uuid = z.uuid().describe("A UUID (v7 where creation order matters).");
export type Uuid = z.infer<typeof Uuid>;

export const Cents = z
  .number()
  .int()
  .nonnegative()
  .describe("An amount of money in integer cents of HKD (1250 = HK$12.50).");
export type Cents = z.infer<typeof Cents>;

export const IsoDateTime = z.iso
  .datetime()
  .describe("A UTC ISO-8601 timestamp ending in Z, e.g. 2026-11-22T03:51:00.000Z.");
export type IsoDateTime = z.infer<typeof IsoDateTime>;

export const ServiceName = z
  .enum(["user", "restaurant", "cart", "order", "payment", "delivery", "notification", "agent", "gateway"])
  .describe("A deployable service of the platform.");
export type ServiceName = z.infer<typeof ServiceName>;

export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 20;

/** Query strings arrive as strings, so numbers are coerced; extend this for every list endpoint. */
export const PaginationQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT_MAX)
    .default(PAGE_LIMIT_DEFAULT)
    .describe(`How many items to return, 1..${PAGE_LIMIT_MAX} (default ${PAGE_LIMIT_DEFAULT}).`),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("How many items to skip before the first one returned (default 0)."),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

/** A query-string flag: the literal strings 'true'/'false' (or a real boolean when built in code). */
export const QueryBoolean = z
  .union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")])
  .describe("A boolean flag, written 'true' or 'false' in a query string.");

/** The response of every list endpoint: one page of items plus what is needed to fetch the next. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item).describe("The items on this page, in the endpoint's order."),
    total: z.number().int().nonnegative().describe("How many items match the query across all pages."),
    limit: z.number().int().min(1).max(PAGE_LIMIT_MAX).describe("The page size that was applied."),
    offset: z.number().int().nonnegative().describe("How many matching items were skipped before this page."),
  });
}
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

export const IdParams = z.strictObject({ id: Uuid.describe("The resource's id.") });
export type IdParams = z.infer<typeof IdParams>;

export const OrderIdParams = z.strictObject({ orderId: Uuid.describe("The order's id.") });
export type OrderIdParams = z.infer<typeof OrderIdParams>;

/** The Luhn (mod 10) checksum every real card number satisfies; catches most typos. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Formats cents for display: formatCents(1250) === "HK$12.50", formatCents(123456) === "HK$1,234.56". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatCents expects integer cents, got ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = (abs % 100).toString().padStart(2, "0");
  return `${sign}HK$${dollars}.${rest}`;
}
