/**
 * Pointing at something already shown: "the first one", "2 of the second one", "the last one",
 * "the cheapest", "the tonkotsu one", "the levant one", "that one", "it", "those". This file reads
 * the words; resolve.ts matches them against the dialogue state's list.
 */
import { parseQuantity, QUANTITY_PATTERN } from "./quantity.ts";

export type Reference =
  | { kind: "ordinal"; index: number }
  | { kind: "last" }
  | { kind: "cheapest" }
  | { kind: "priciest" }
  | { kind: "pronoun" }
  /** "another one of those", "one more", "same again": the dish touched last, once more. */
  | { kind: "again" }
  | { kind: "described"; words: string; not?: string };

/** Ordinal words as people type them; shared by list references and answers to a numbered question. */
export const ORDINALS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  fifth: 5,
  "5th": 5,
  sixth: 6,
  "6th": 6,
  seventh: 7,
  eighth: 8,
};

const FILLER =
  /\b(?:please|pls|thanks|sounds good|looks good|sounds great|looks great|i guess|for me|then|ok|okay|yes|yeah|sure|hmm|um|oh|just|i'?ll (?:take|have|get|go with)|i want|i'?d like|give me|get me|add|go with|let'?s do|let'?s go with|gimme|do)\b/g;

/** The reference in a short phrase, and the quantity said with it; undefined when it points at nothing. */
export function parseReference(text: string): { ref: Reference; quantity?: number } | undefined {
  const read = readReference(text);
  if (read) return read;
  // "the beef one, 2 pls": a count said after the pointing.
  const trailing = /^(.*?)[\s,]+(\d{1,2}|one|two|three|four|five|six)(?:\s+(?:please|pls|thanks|thx))?[\s!.?]*$/i.exec(
    text,
  );
  const quantity = trailing ? parseQuantity(trailing[2]!) : undefined;
  const ref = trailing && quantity ? readReference(trailing[1]!) : undefined;
  return ref && ref.quantity === undefined && ref.ref.kind !== "ordinal" ? { ...ref, quantity: quantity! } : undefined;
}

function readReference(text: string): { ref: Reference; quantity?: number } | undefined {
  let t = ` ${text.toLowerCase().replace(/[!?.,]+/g, " ")} `;
  // "another of those", "2 more of them", "same again": more of what was touched last.
  const again = /\s(?:another|more|same)\s/.test(t);
  let quantity: number | undefined;
  const q = new RegExp(
    `\\s(${QUANTITY_PATTERN})\\s+(?:of\\s+)?(?=(?:the|that|those|these|this|it|them)\\b)|\\s(${QUANTITY_PATTERN})\\s+(?=more\\b)|\\s(?:just|only)\\s+(\\d+|one|two|three|four|five)\\b|\\s(?:x\\s*)(\\d+)\\b`,
  ).exec(t);
  if (q) {
    quantity = parseQuantity(q[1] ?? q[2] ?? q[3] ?? q[4] ?? "");
    t = t.replace(q[0], " ");
  }
  const not = /\b(?:not|but not|except)\s+(?:the\s+)?([a-z][a-z\s]*?)(?:\s+one)?\s*(?=$|\s(?:just|only)\b)/.exec(
    t.trim(),
  );
  let exclude: string | undefined;
  if (not) {
    exclude = not[1]!.trim();
    t = ` ${t.trim().slice(0, not.index)} `;
  }
  t = t.replace(FILLER, " ").replace(/\s+/g, " ").trim();
  const withQuantity = <R extends Reference>(ref: R) => (quantity === undefined ? { ref } : { ref, quantity });
  const ordinal =
    /^(?:the\s+)?(?:number\s+|no\.?\s*|option\s+|#)?(first|second|third|fourth|fifth|sixth|seventh|eighth|1st|2nd|3rd|4th|5th|6th|\d)(?:\s+(?:one|option|item|dish))?$/.exec(
      t,
    );
  if (ordinal) return withQuantity({ kind: "ordinal", index: ORDINALS[ordinal[1]!] ?? Number(ordinal[1]) });
  if (/^(?:the\s+)?last(?:\s+one)?$/.test(t)) return withQuantity({ kind: "last" });
  if (
    /^(?:the\s+)?(?:cheapest|cheaper|least expensive|less expensive|lowest priced|lower priced|more affordable|most affordable)(?:\s+(?:one|option|dish))?$/.test(
      t,
    )
  )
    return withQuantity({ kind: "cheapest" });
  if (
    /^(?:the\s+)?(?:most expensive|more expensive|priciest|pricier|fanciest|fancier)(?:\s+(?:one|option|dish))?$/.test(
      t,
    )
  )
    return withQuantity({ kind: "priciest" });
  const pronoun =
    /^(?:it|that|this|that one|this one|those|these|them|those ones|these ones|(?:one|some) of (?:those|them|these))$/.test(
      t,
    );
  if (
    again &&
    !t.replace(/\b(?:another|one|more|the|same|thing|again|of|those|them|these|that|it|this|ones)\b/g, "").trim()
  )
    return withQuantity({ kind: "again" });
  if (pronoun) return withQuantity({ kind: "pronoun" });
  const described =
    /^(?:the|that)\s+([a-z][a-z\s&'-]*?)\s+(?:one|option|dish)$/.exec(t) ??
    /^(?:the\s+)?one\s+(?:from|at|with)\s+(?:the\s+)?([a-z][a-z\s&'-]*)$/.exec(t);
  if (described)
    return withQuantity(
      exclude ? { kind: "described", words: described[1]!, not: exclude } : { kind: "described", words: described[1]! },
    );
  return undefined;
}
