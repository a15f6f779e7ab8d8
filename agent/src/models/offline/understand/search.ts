/**
 * Vague wants and search words: cuisines, dietary tags, budgets ("cheap", "under $50"), "open now",
 * and the filler that says "find me food" without naming any. What is left is a dish to search for.
 */
import type { DietaryTag } from "@ustbites/contracts";
import type { SearchSlots } from "../types.ts";

/** "cheapest first", "sort by price", "low to high": the list is shown by price. */
export const BY_PRICE =
  /\b(?:cheapest first|cheapest to|sort(?:ed)? by price|by price|low to high|lowest price first|price order)\b/i;

export const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
/** An order reference: a full id or at least six hex characters of one (what a reply shows). */
export const ORDER_REF = /\b(?:order\s*#?\s*)([0-9a-f]{6,}(?:-[0-9a-f-]+)?)\b/i;

export const PRONOUN = /^(?:it|that|this|them|those|these|that one|this one|the last one|the last item|one)$/;

/** Cuisine words as students type them → the lowercase cuisine the restaurant service stores. */
const CUISINES: [RegExp, string][] = [
  [/\bmiddle[- ]eastern\b/, "middle eastern"],
  [/\b(?:bubble tea|boba|milk tea place)\b/, "bubble tea"],
  [/\b(?:hong kong|hk[- ]style|cha chaan teng)\b/, "hong kong"],
  [/\blate[- ]night\b/, "late night"],
  [/\bindian\b/, "indian"],
  [/\bchinese\b/, "chinese"],
  [/\bcantonese\b/, "cantonese"],
  [/\bjapanese\b/, "japanese"],
  [/\bkorean\b/, "korean"],
  [/\bthai\b/, "thai"],
  [/\bvietnamese\b/, "vietnamese"],
  [/\bwestern\b/, "western"],
  [/\b(?:cafe|café|coffee shop)s?\b/, "café"],
  [/\bpizzas?\b/, "pizza"],
  [/\bitalian\b/, "italian"],
  [/\bburgers?\b/, "burgers"],
  [/\bamerican\b/, "american"],
  [/\blebanese\b/, "lebanese"],
  [/\bhealthy\b/, "healthy"],
  [/\bdesserts?\b/, "desserts"],
  [/\bmalaysian\b/, "malaysian"],
  [/\bsingaporean\b/, "singaporean"],
];

const TAGS: [RegExp, DietaryTag][] = [
  [/\bvegan\b|\bplant[- ]based\b/, "vegan"],
  [/\bvegetarian\b|\bveggie\b|\bveg\b|\bmeatless\b|\bno meat\b|\bmeat[- ]free\b/, "vegetarian"],
  [/\bhalal\b/, "halal"],
  [/\bgluten[- ]?free\b|\bno gluten\b|\bcoeliac\b|\bceliac\b|\bgf\b/, "gluten-free"],
  [/\bdairy[- ]?free\b|\bno dairy\b|\blactose\b/, "dairy-free"],
  [/\bnut[- ]?free\b|\bnut allergy\b|\bno nuts\b/, "nut-free"],
];

const BUDGET = [
  /\b(?:under|below|less than|cheaper than|max(?:imum)?|at most|up to|within|no more than|not more than|budget(?: of| is)?|around|about)\s*:?\s*(?:hk\s*\$|hkd|\$)?\s*(\d+(?:\.\d{1,2})?)\s*(?:hkd|hk\$|dollars?|bucks)?/,
  /(?:<=?)\s*(?:hk\s*\$|hkd|\$)?\s*(\d+(?:\.\d{1,2})?)/,
  /(?:hk\s*\$|hkd|\$)?\s*(\d+(?:\.\d{1,2})?)\s*(?:hkd|dollars?|bucks)?\s+or (?:less|under|cheaper|below)\b/,
];

const OPEN_NOW =
  /\bopen (?:now|right now|at the moment|currently|today|tonight|late|at this hour)\b|\b(?:currently|still|now) open\b|\bwhat(?:'s| is) open\b|\b(?:which|what) (?:places|restaurants|shops|ones) are open\b|\banything open\b|\bare (?:they|any) open\b|\bopen\?*$/;

/** Words that say "find me food" without naming any. */
const SEARCH_FILLER = new Set(
  (
    "a an any anything are around at available best campus can cheap cheapest craving do eat eats find food foods for get good got have hk hkd " +
    "dollars dollar bucks i i'd id im i'm is kind kinds let like list looking look me meal meals mood more near nearby need nice of on options option " +
    "place places please recommend recommendation recommendations restaurant restaurants search serve serves show some something somewhere spot spots stuff suggest " +
    "the there things to today tonight want what whats what's where which with would you your lunch dinner breakfast supper snack snacks dish dishes " +
    "cuisine cuisines style type types sort sorts really just also maybe hungry starving am we us our in now open currently still right moment " +
    "late under below less than cheaper max maximum most up within no not budget about is around options' that go eating grab grabbing tasty yummy " +
    "delicious ones one all and or here lately usually been eating week need go my to lol haha something smth rn thats that's whats what's really very super " +
    "pls please thanks good great anything else healthier spice level recommend recommended popular anywhere anyplace " +
    "everywhere guys u broke skint poor money cash low you'd i'd drinks'"
  ).split(" "),
);

/** Conversational words: a short message made of them is chat, not a dish name. */
export const CHAT_WORDS = new Set(
  "think know mean sure maybe idk lol lmao hmm ok okay fine why how who when you your i'm im am are is was were be been did does do don't dont can't cant won't wont what said say tell please".split(
    " ",
  ),
);

/** "cheap", "on a budget", "i'm broke": under HK$40, cheapest first. */
const CHEAP =
  /\bcheap(?:est|er)?\b|\bbudget\b|\baffordable\b|\binexpensive\b|\bbroke\b|\bskint\b|\bpoor\b|\blow on (?:cash|money)\b|\bno money\b|\bstudent prices?\b/;

function parseBudget(lower: string): number | undefined {
  for (const pattern of BUDGET) {
    const m = pattern.exec(lower);
    if (m) return Math.round(Number(m[1]) * 100);
  }
  if (CHEAP.test(lower)) return 4000;
  return undefined;
}

function removeBudget(lower: string): string {
  let out = lower;
  for (const pattern of BUDGET) out = out.replace(pattern, " ");
  return out;
}

/** The dietary tag a word names ("veggie" → vegetarian), for "the veggie one". */
export function tagNamed(word: string): DietaryTag | undefined {
  return TAGS.find(([pattern]) => pattern.test(word))?.[1];
}

export function parseSearch(lower: string): SearchSlots {
  const slots: SearchSlots = {};
  let rest = lower;
  if (BY_PRICE.test(rest)) {
    slots.byPrice = true;
    rest = rest.replace(new RegExp(BY_PRICE.source, "g"), " ");
  }
  // "to go with my lassi": what they already have, not what they want.
  rest = rest.replace(
    /\b(?:to\s+)?go(?:es)?\s+with\s+(?:my|the|a|an|our)\s+[a-z ]+?(?=\s+(?:that|thats|that's|which)\b|[?!.,]|$)/g,
    " ",
  );
  const spice = parseSpice(rest);
  rest = spice.rest;
  if (spice.maxSpice !== undefined) slots.maxSpice = spice.maxSpice;
  if (spice.spicy) slots.spicy = true;
  for (const [pattern, tag] of TAGS) {
    if (pattern.test(rest)) {
      slots.tag = tag;
      rest = rest.replace(pattern, " ");
      break;
    }
  }
  let cuisineWords: string | undefined;
  for (const [pattern, cuisine] of CUISINES) {
    const m = pattern.exec(rest);
    if (m) {
      slots.cuisine = cuisine;
      cuisineWords = m[0];
      rest = rest.replace(pattern, " ");
      break;
    }
  }
  if (CHEAP.test(rest) && !BUDGET.some((pattern) => pattern.test(rest))) slots.byPrice = true;
  const maxPriceCents = parseBudget(rest);
  if (maxPriceCents !== undefined) slots.maxPriceCents = maxPriceCents;
  rest = removeBudget(rest);
  if (OPEN_NOW.test(rest)) {
    slots.openNow = true;
    rest = rest.replace(OPEN_NOW, " ");
  }
  const words = rest
    .replace(/[^a-z0-9' -]+/g, " ")
    .split(/\s+/)
    .filter((w) => w && !SEARCH_FILLER.has(w) && !/^\d+$/.test(w));
  if (words.length) {
    const dish = words.join(" ");
    // "thai milk tea" names a dish; the cuisine word stays part of it.
    slots.dish = cuisineWords && lower.includes(`${cuisineWords} ${dish}`) ? `${cuisineWords} ${dish}` : dish;
  }
  return slots;
}

export function isSearchOnly(lower: string): boolean {
  const slots = parseSearch(lower);
  return (
    slots.dish === undefined &&
    (slots.cuisine !== undefined ||
      slots.maxSpice !== undefined ||
      slots.spicy === true ||
      slots.tag !== undefined ||
      slots.maxPriceCents !== undefined ||
      slots.openNow === true)
  );
}

/** Spice wants: "not spicy at all" → 0, "not too spicy" / "mild" → 1, "really spicy" → the hottest first. */
export function parseSpice(lower: string): { maxSpice?: number; spicy?: boolean; rest: string } {
  const none = /\b(?:not spicy at all|no spice|zero spice|not spicy|non[- ]spicy)\b/;
  const mild =
    /\b(?:(?:not|nothing|none) (?:too|very|that|overly) (?:spicy|hot)|not very spicy|not that spicy|a bit spicy|mild|mildly spicy|little spice|less spicy)\b/;
  const hot =
    /\b(?:(?:really|very|super|extra|extremely|properly|seriously)\s+)?(?:spicy|spiciest|hot and spicy|fiery)\b/;
  if (none.test(lower)) return { maxSpice: 0, rest: lower.replace(none, " ") };
  if (mild.test(lower)) return { maxSpice: 1, rest: lower.replace(mild, " ") };
  if (hot.test(lower)) return { spicy: true, rest: lower.replace(hot, " ") };
  return { rest: lower };
}

const DISH_QUESTIONS: RegExp[] = [
  /^(?:do|does|got)\s+(?:you|you guys|you all|they|anyone|any place|anywhere|any restaurant)?\s*(?:have|sell|serve|do|make|got)\s+(?:any\s+)?(?<dish>.+?)$/,
  /^(?:who|which (?:place|restaurant)s?|where)\s+(?:does|do|has|have|sells?|serves?|makes?|can i (?:get|find))\s+(?:any\s+)?(?<dish>.+?)$/,
  /^(?:anything|something|any dishes?|any food)\s+with\s+(?<dish>.+?)$/,
  /^what\s+(?<dish>.+?)\s+(?:does|do|can i get at|is there at|are there at)\s+(?<restaurant>.+?)\s+(?:have|serve|sell|do|make|got|offer)$/,
  /^(?:show me|list|see|what are|show)\s+(?:the\s+|all the\s+)?(?<dish>.+?)\s+(?:at|from|in)\s+(?<restaurant>.+?)$/,
  /^how much (?:is|are|does|do|for)\s+(?:the\s+|a\s+|an\s+)?(?<dish>.+?)(?:\s+(?:at|from)\s+(?<restaurant>.+?))?(?:\s+cost)?$/,
  /^(?<dish>[a-z][a-z\s-]*?)\s+options$/,
  /^what\s+(?<dish>.+?)\s+(?:is|are)\s+(?:there|available|on offer|on the menu)\s+(?:at|from|in)\s+(?<restaurant>.+?)$/,
  /^(?:are there any|is there (?:a|an|any)|any)\s+(?<dish>.+?)\s+(?:at|from|in)\s+(?<restaurant>.+?)$/,
];

/** "do you have nasi lemak", "who does falafel wraps", "what ramen does sakura have": a dish, maybe at a restaurant. */
export function parseDishQuestion(lower: string): SearchSlots | undefined {
  const byPrice = BY_PRICE.test(lower);
  const text = lower
    .replace(new RegExp(BY_PRICE.source, "g"), " ")
    .replace(/[?!.,]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  for (const pattern of DISH_QUESTIONS) {
    const m = pattern.exec(text)?.groups;
    if (!m?.dish) continue;
    const dish = m.dish.replace(/^(?:the|any|some)\s+/, "").trim();
    // "vegan options", "thai food": a want, not a dish name; parseSearch reads those.
    if (
      !dish ||
      /^(?:menu|items|dishes|food|stuff|it|that|this|there)$/.test(dish) ||
      (isSearchOnly(dish) && !m.restaurant)
    )
      continue;
    const slots: SearchSlots = { dish };
    if (m.restaurant) slots.restaurant = m.restaurant.replace(/^the\s+/, "").trim();
    if (byPrice) slots.byPrice = true;
    return slots;
  }
  return undefined;
}
