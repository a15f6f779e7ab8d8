/**
 * Corrections of what was just done: "no, the other one, tofu", "not that, the lassi", "wait make
 * it the curry laksa instead", "actually three", "i meant 1". Read only when there is a last cart
 * change to correct (the dialogue state's `lastChange`).
 */
import { parseQuantity, QUANTITY_PATTERN, standaloneQuantity } from "./quantity.ts";

const MARKER =
  /^(?:(?:oh|ah|uh|um|hmm|wait|no+|nope|sorry|oops|actually|my bad|i meant|i mean|not that(?: one)?|no not that(?: one)?|not the [a-z ]+?)[\s,!.]+)+/;

/** "actually three", "i meant one, not two", "sorry i meant 1 lassi": a new quantity, for a dish when one is named. */
export function correctedQuantity(text: string): { quantity: number; dish?: string } | undefined {
  const t = text
    .toLowerCase()
    .replace(/[!?.]+/g, " ")
    .trim();
  const m =
    /^(?:(?:oh|wait|no|sorry|actually|i meant|i mean|make (?:it|that)|change (?:it|that) to|just)[\s,]+)+(.+?)(?:[\s,]+(?:not|instead of)\s+\S+)?$/.exec(
      t,
    );
  if (!m) return undefined;
  const alone = standaloneQuantity(m[1]!);
  if (alone !== undefined) return { quantity: alone };
  const withDish = new RegExp(`^(${QUANTITY_PATTERN})\\s+(?:of (?:the\\s+)?)?([a-z][a-z\\s-]*)$`).exec(m[1]!.trim());
  const quantity = withDish ? parseQuantity(withDish[1]!) : undefined;
  return withDish && quantity ? { quantity, dish: withDish[2]!.trim() } : undefined;
}

/** "swap the chai for a lassi", "replace the wrap with a samosa": one dish out, another in. */
export function swapped(text: string): { out: string; in: string } | undefined {
  const m =
    /^(?:(?:actually|can you|could you|please|pls|oh|wait)[\s,]+)*(?:swap|replace|switch|change|exchange)\s+(?:out\s+)?(?:the\s+|my\s+)?(.+?)\s+(?:for|with|to|into)\s+(?:a\s+|an\s+|the\s+|some\s+)?(.+?)(?:\s+instead)?$/.exec(
      text
        .toLowerCase()
        .replace(/[!?.]+$/g, "")
        .trim(),
    );
  // "change the wrap to 2, no onions": a new quantity, not a dish called "2".
  if (!m || standaloneQuantity(m[2]!) !== undefined || /^\d/.test(m[2]!) || /^(?:it|that|them)$/.test(m[1]!))
    return undefined;
  return { out: m[1]!, in: m[2]! };
}

/** "no not that one!! the lemon tea" → "lemon tea"; "make it the curry laksa instead" → "curry laksa"; undefined when not a correction. */
export function correctedDish(text: string): string | undefined {
  const t = ` ${text
    .toLowerCase()
    .replace(/[!?.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()} `.trim();
  const marked = MARKER.exec(`${t} `);
  const instead = /\binstead$/.test(t);
  if (!marked && !instead) return undefined;
  let rest = (marked ? `${t} `.slice(marked[0].length) : t).trim();
  rest = rest
    .replace(/\s*\binstead$/, "")
    .replace(
      /^(?:(?:please|pls|can you|could you)\s+)?(?:make it|make that|change it to|switch (?:it )?to|swap (?:it )?for|i want|i wanted|give me|get me|i meant|i mean)\s+/,
      "",
    )
    .replace(/^(?:the\s+)?other one[\s,]*/, "")
    .replace(/^(?:the|a|an)\s+/, "")
    .trim();
  if (!rest || /^(?:one|that|it|this)$/.test(rest) || standaloneQuantity(rest) !== undefined) return undefined;
  return rest;
}
