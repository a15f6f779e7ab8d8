/**
 * Quantities as people write them: digits, number words up to ninety-nine ("twenty-one",
 * "twenty one"), dozens ("a dozen", "half a dozen", "two dozen"), "a couple of", "a pair of", "2x",
 * "x2". Vague amounts ("a few", "several", "lots of") are not a number: they come back as
 * `ASK_QUANTITY` and the policy asks how many. Nothing here clamps: a number above the cart's limit
 * stays that number, so the student is told the limit instead of getting something else.
 */

/** "a few": the student wants more than one but did not say how many. */
export const ASK_QUANTITY = 0;

const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SINGLES: Record<string, number> = { a: 1, an: 1, single: 1, another: 1, couple: 2, pair: 2, dozen: 12 };
const VAGUE = ["a few", "few", "several", "a bunch of", "a lot of", "lots of", "loads of"];

const alt = (words: string[]) => words.sort((x, y) => y.length - x.length).join("|");
const UNIT = alt(Object.keys(UNITS));
const TEN = alt(Object.keys(TENS));
/** A number written in words: "twenty-one", "twenty one", "twelve", "forty". */
const WORDS = `(?:(?:${TEN})(?:[- ](?:${alt(Object.keys(UNITS).slice(0, 9))}))?|${UNIT})`;
/** Multiplied by twelve when followed by "dozen". */
const COUNT = `(?:\\d+|${WORDS})`;

/**
 * One quantity phrase at the start of a phrase. The capture is what `parseQuantity` reads; the
 * alternatives are ordered longest first, so "half a dozen" is never read as "half" + "a".
 */
export const QUANTITY_PATTERN = `(?:half a dozen|half dozen|(?:a|one|${COUNT}) dozen|a couple(?: of)?|a pair of|${alt(VAGUE)}|${COUNT}(?:\\s*x\\b)?|a|an|single|another|one more)`;

/** "twenty-one" → 21, "a dozen" → 12, "half a dozen" → 6, "2x" → 2, "a few" → ASK_QUANTITY; anything else → undefined. */
export function parseQuantity(phrase: string): number | undefined {
  const p = phrase
    .trim()
    .toLowerCase()
    .replace(/\s+of$/, "")
    .replace(/\s*x$/, "")
    .replace(/\s+/g, " ");
  if (!p) return undefined;
  if (VAGUE.includes(p)) return ASK_QUANTITY;
  if (/^half (?:a )?dozen$/.test(p)) return 6;
  const dozen = /^(.+) dozen$/.exec(p);
  if (dozen) {
    const n = parseQuantity(dozen[1]!);
    return n === undefined || n === ASK_QUANTITY ? undefined : n * 12;
  }
  if (/^\d+$/.test(p)) return Number(p);
  if (p === "one more") return 1;
  if (/^a (?:couple|pair)$/.test(p)) return 2;
  if (SINGLES[p] !== undefined) return SINGLES[p];
  if (UNITS[p] !== undefined) return UNITS[p];
  const compound = new RegExp(`^(${TEN})(?:[- ](${UNIT}))?$`).exec(p);
  if (compound) return TENS[compound[1]!]! + (compound[2] ? UNITS[compound[2]]! : 0);
  return undefined;
}

/** A bare answer to "how many?" or a correction ("actually three", "make it 2"): the number, or undefined. */
export function standaloneQuantity(text: string): number | undefined {
  const m = new RegExp(
    `^(${QUANTITY_PATTERN})(?:\\s+(?:of (?:them|those|it)|please|pls|thanks|instead|then|pieces|portions|servings))*$`,
  ).exec(text.trim().toLowerCase());
  return m ? parseQuantity(m[1]!) : undefined;
}
