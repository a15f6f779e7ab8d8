import { TEST_CARDS, type CardInput } from "@ustbites/contracts";

/** A card that passes validation (valid for two more years); the number decides what the processor does. */
export function card(number: string = TEST_CARDS.success, overrides: Partial<CardInput> = {}): CardInput {
  return { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: "123", ...overrides };
}
