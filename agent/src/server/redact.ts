import { luhnValid } from "@ustbites/contracts";

/** 13 to 19 digits, optionally grouped by spaces or dashes, as people type card numbers. */
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

export const CARD_REDACTED = "[card number removed]";

/**
 * A card number typed into the chat must not reach the model provider, the checkpoints or the thread
 * title: card details belong in the confirmation card only. Luhn-valid runs of 13–19 digits are
 * replaced; other long numbers (a phone, an order id) are left alone.
 */
export function redactCardNumbers(text: string): { text: string; redacted: boolean } {
  let redacted = false;
  const out = text.replace(CARD_LIKE, (match) => {
    const digits = match.replace(/[ -]/g, "");
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return match;
    redacted = true;
    return CARD_REDACTED;
  });
  return { text: out, redacted };
}
