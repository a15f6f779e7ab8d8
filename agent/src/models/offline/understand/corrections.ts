/**
 * Corrections of what was just done: "no, the other one, tofu", "not that, the lassi", "wait make
 * it the curry laksa instead", "actually three", "i meant 1". Read only when there is a last cart
 * change to correct (the dialogue state's `lastChange`).
 */
import { standaloneQuantity } from "./quantity.ts";

const MARKER = /^(?:(?:oh|ah|uh|um|hmm|wait|no+|nope|sorry|oops|actually|my bad|i meant|i mean|not that(?: one)?|no not that(?: one)?|not the [a-z ]+?)[\s,!.]+)+/;

/** "actually three" → 3: a new quantity for what was just touched. */
export function correctedQuantity(text: string): number | undefined {
  const t = text.toLowerCase().replace(/[!?.]+$/g, "").trim();
  const m = /^(?:(?:oh|wait|no|sorry|actually|i meant|i mean|make (?:it|that)|change (?:it|that) to)[\s,]+)+(.+)$/.exec(t);
  return m ? standaloneQuantity(m[1]!) : undefined;
}

/** "no not that one!! the lemon tea" → "lemon tea"; "make it the curry laksa instead" → "curry laksa"; undefined when not a correction. */
export function correctedDish(text: string): string | undefined {
  const t = ` ${text.toLowerCase().replace(/[!?.]+/g, " ").replace(/\s+/g, " ").trim()} `.trim();
  const marked = MARKER.exec(`${t} `);
  const instead = /\binstead$/.test(t);
  if (!marked && !instead) return undefined;
  let rest = (marked ? `${t} `.slice(marked[0].length) : t).trim();
  rest = rest
    .replace(/\s*\binstead$/, "")
    .replace(/^(?:(?:please|pls|can you|could you)\s+)?(?:make it|make that|change it to|switch (?:it )?to|swap (?:it )?for|i want|i wanted|give me|get me|i meant|i mean)\s+/, "")
    .replace(/^(?:the\s+)?other one[\s,]*/, "")
    .replace(/^(?:the|a|an)\s+/, "")
    .trim();
  if (!rest || /^(?:one|that|it|this)$/.test(rest) || standaloneQuantity(rest) !== undefined) return undefined;
  return rest;
}
