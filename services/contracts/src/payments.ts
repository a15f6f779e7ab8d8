import { z } from "zod";
import { Cents, HumanText, Currency, IsoDateTime, Uuid, luhnValid } from "./common.ts";

/**
 * Card numbers the simulated processor recognises. Every other Luhn-valid number succeeds.
 * All are Luhn-valid, so they pass CardInput and reach the processor.
 */
export const TEST_CARDS = {
  /** Always succeeds. */
  success: "4242424242424242",
  /** Always declined: payment DECLINED with declineReason card_declined, order PAYMENT_FAILED. */
  decline: "4000000000000002",
  /** Declined for lack of funds: declineReason insufficient_funds, order PAYMENT_FAILED. */
  insufficientFunds: "4000000000009995",
  /**
   * The processor does not answer within the caller's timeout: the payment stays PENDING, exercising
   * order-service's retry with the same key and the reconciliation of a PENDING order.
   */
  timeout: "4000000000000119",
} as const;

export const CardBrand = z.enum(["visa", "mastercard", "amex", "unionpay", "unknown"]).describe("The card network.");
export type CardBrand = z.infer<typeof CardBrand>;

/** The card network, from the number's issuer prefix. */
export function cardBrandOf(number: string): CardBrand {
  const prefix4 = Number(number.slice(0, 4));
  if (/^4/.test(number)) return "visa";
  if (/^5[1-5]/.test(number) || (prefix4 >= 2221 && prefix4 <= 2720)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^62/.test(number)) return "unionpay";
  return "unknown";
}

/** True when a card expiring at the end of month/year is still valid at `now` (UTC). */
export function cardNotExpired(expMonth: number, expYear: number, now: Date = new Date()): boolean {
  const year = now.getUTCFullYear();
  return expYear > year || (expYear === year && expMonth >= now.getUTCMonth() + 1);
}

/**
 * A card as the student enters it. It travels only from the client through order-service to
 * payment-service and is never stored or logged: only its last four digits and brand are kept.
 */
export const CardInput = z
  .strictObject({
    number: z
      .string()
      // People type card numbers in groups; spaces and dashes carry no meaning.
      .overwrite((value) => value.replace(/[\s-]/g, ""))
      .regex(/^\d{13,19}$/, "Card number must be 13 to 19 digits")
      .refine(luhnValid, "Card number is not valid (checksum failed)")
      .describe("The card number, 13..19 digits; spaces and dashes are ignored."),
    expMonth: z.number().int().min(1).max(12).describe("Expiry month, 1..12."),
    expYear: z.number().int().min(2000).max(2100).describe("Expiry year, four digits."),
    cvc: z
      .string()
      .regex(/^\d{3,4}$/, "CVC must be 3 or 4 digits")
      .describe("The 3- or 4-digit security code."),
    holderName: HumanText.trim().min(1).max(100).optional().describe("The name on the card."),
  })
  .refine((card) => cardNotExpired(card.expMonth, card.expYear), { message: "Card has expired", path: ["expYear"] });
export type CardInput = z.infer<typeof CardInput>;

export const PaymentStatus = z
  .enum(["PENDING", "SUCCEEDED", "DECLINED", "REFUNDED"])
  .describe("Where a payment stands.");
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const DeclineReason = z
  .enum(["card_declined", "insufficient_funds", "processor_error"])
  .describe("Why the processor declined a payment.");
export type DeclineReason = z.infer<typeof DeclineReason>;

/**
 * Idempotent by orderId: a second request for the same order returns the first payment (and its
 * outcome) instead of charging again, so order-service can retry safely.
 */
export const CreatePaymentBody = z.strictObject({
  orderId: Uuid.describe("The order being paid; also the idempotency key."),
  userId: Uuid.describe("The student paying."),
  amountCents: z.number().int().positive().describe("The amount to charge in cents, more than 0."),
  currency: Currency.default("HKD"),
  card: CardInput.describe("The card to charge; never stored."),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

export const Payment = z.object({
  id: Uuid.describe("The payment's id."),
  orderId: Uuid.describe("The order it pays for."),
  userId: Uuid.describe("The student who paid."),
  status: PaymentStatus,
  amountCents: Cents.describe("The amount charged in cents."),
  currency: Currency,
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .describe("The card number's last four digits."),
  cardBrand: CardBrand,
  declineReason: DeclineReason.nullable().describe("Why it was declined, or null."),
  createdAt: IsoDateTime.describe("When the payment was created."),
  updatedAt: IsoDateTime.describe("When its status last changed."),
});
export type Payment = z.infer<typeof Payment>;

/** Reconciliation asks for an order's payment: GET /payments?orderId=… */
export const PaymentLookupQuery = z.strictObject({ orderId: Uuid.describe("The order whose payment to return.") });
export type PaymentLookupQuery = z.infer<typeof PaymentLookupQuery>;
