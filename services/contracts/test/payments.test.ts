import { describe, expect, it } from "vitest";
import { CardInput, CreatePaymentBody, TEST_CARDS, cardBrandOf, cardNotExpired, luhnValid } from "../src/index.ts";

const card = { number: TEST_CARDS.success, expMonth: 12, expYear: 2099, cvc: "123" };

describe("payments", () => {
  it("has Luhn-valid test cards that pass CardInput", () => {
    for (const [name, number] of Object.entries(TEST_CARDS)) {
      expect(luhnValid(number), name).toBe(true);
      expect(CardInput.safeParse({ ...card, number }).success, name).toBe(true);
    }
  });

  it("rejects a card number that fails the Luhn check", () => {
    const result = CardInput.safeParse({ ...card, number: "4242424242424241" });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["number"], message: "Card number is not valid (checksum failed)" }),
    ]);
  });

  it("ignores spaces and dashes in a card number", () => {
    expect(CardInput.parse({ ...card, number: "4242 4242-4242 4242" }).number).toBe("4242424242424242");
  });

  it("rejects card numbers of the wrong length, bad CVCs and months", () => {
    expect(CardInput.safeParse({ ...card, number: "424242424242" }).success).toBe(false);
    expect(CardInput.safeParse({ ...card, cvc: "12" }).success).toBe(false);
    expect(CardInput.safeParse({ ...card, expMonth: 13 }).success).toBe(false);
  });

  it("rejects an expired card on its expiry year", () => {
    const result = CardInput.safeParse({ ...card, expYear: 2001 });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["expYear"], message: "Card has expired" })]);
  });

  it("treats a card as valid until the end of its expiry month", () => {
    const now = new Date("2026-11-30T23:59:59Z");
    expect(cardNotExpired(11, 2026, now)).toBe(true);
    expect(cardNotExpired(10, 2026, now)).toBe(false);
    expect(cardNotExpired(1, 2027, now)).toBe(true);
  });

  it("tells card brands apart by prefix", () => {
    expect(cardBrandOf("4242424242424242")).toBe("visa");
    expect(cardBrandOf("5555555555554444")).toBe("mastercard");
    expect(cardBrandOf("2223003122003222")).toBe("mastercard");
    expect(cardBrandOf("378282246310005")).toBe("amex");
    expect(cardBrandOf("6200000000000005")).toBe("unionpay");
    expect(cardBrandOf("3056930009020004")).toBe("unknown");
  });

  it("defaults the currency to HKD and rejects a zero amount", () => {
    const body = {
      orderId: "0190a7c8-1234-7abc-8def-0123456789ab",
      userId: "0190a7c8-1234-7abc-8def-0123456789ac",
      amountCents: 4500,
      card,
    };
    expect(CreatePaymentBody.parse(body).currency).toBe("HKD");
    expect(CreatePaymentBody.safeParse({ ...body, amountCents: 0 }).success).toBe(false);
    expect(CreatePaymentBody.safeParse({ ...body, currency: "USD" }).success).toBe(false);
  });
});
