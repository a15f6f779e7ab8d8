/**
 * Reads the student's latest message into an intent and its slots. Only the student's own words come
 * here: tool results never do, so text inside a menu cannot become an instruction.
 */
import type { DietaryTag } from "@ustbites/contracts";
import { cleanPhrase, NUMBER_PATTERN, parseNumber, titleCaseIfLower } from "./text.ts";
import type { AddRequest, Address, Intent, SearchSlots } from "./types.ts";

const N = NUMBER_PATTERN;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
/** An order reference: a full id or at least six hex characters of one (what a reply shows). */
const ORDER_REF = /\b(?:order\s*#?\s*)([0-9a-f]{6,}(?:-[0-9a-f-]+)?)\b/i;

const PRONOUN = /^(?:it|that|this|them|those|these|that one|this one|the last one|the last item|one)$/;

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
    "delicious ones one all"
  ).split(" "),
);

/** Conversational words: a short message made of them is chat, not a dish name. */
const CHAT_WORDS = new Set(
  "think know mean sure maybe idk lol lmao hmm ok okay fine why how who when you your i'm im am are is was were be been did does do don't dont can't cant won't wont what said say tell please".split(
    " ",
  ),
);

const OFF_TOPIC =
  /\b(?:weather|forecast|temperature outside|raining|poem|poetry|haiku|joke|jokes|homework|assignment|essay|exam|quiz|math|maths|equation|calculus|algebra|coding|code|program(?:ming)?|python|javascript|java|leetcode|news|stocks?|bitcoin|crypto|politics|election|president|translate|translation|lyrics|song|movie|movies|film|football|soccer|nba|capital of|meaning of life|girlfriend|boyfriend|date me|horoscope|write me|write a|tell me a story|tell me a joke|sing)\b/;

const ABUSE =
  /\b(?:stupid|idiot|idiotic|dumb|moron|useless|shut up|hate you|fuck\w*|f\*+k|shit\w*|bitch\w*|bastard|asshole|crap|trash bot|garbage|suck|sucks|loser|screw you|wtf)\b/;

const OTHERS_DATA =
  /\b(?:other (?:students?|users?|people|customers?)'?s?|everyone(?:'s| else'?s)?|every (?:student|user)|all (?:the )?(?:orders|users|students|carts|customers)|someone else'?s?|another (?:student|user|person)'?s?|somebody else'?s?|(?:you are|you're|act as|i am|i'm) (?:now )?(?:an? )?(?:admin|administrator|root|developer|superuser|staff)|admin (?:mode|access|panel)|developer mode|god mode|their (?:orders|cart|address)|(?:my )?(?:roommate|room-mate|flatmate|housemate|friend|classmate|buddy|sister|brother|girlfriend|boyfriend|mum|mom|dad)'?s (?:orders?|cart|basket|account|deliver(?:y|ies)|address)|(?:his|her) (?:orders?|cart|basket|account|email))\b/;

/** Asking for the agent's own instructions is a rules-bypass attempt, whatever else the message says. */
const PROMPT_PROBE = /\b(?:system prompt|(?:your|the) (?:hidden |secret |internal )?(?:prompt|instructions|configuration)|jailbreak)\b/;

const BYPASS = [
  /\b(?:please\s+)?(?:ignore|disregard|forget|override|bypass) (?:all |any |your |the |previous |prior |my |these |those |of )*(?:rules|instructions|guidelines|restrictions|policies|prompts?|system prompt|safety|guardrails)\b(?:\s+and)?/g,
  /\bwithout (?:asking|confirm\w*|checking|approval|my approval|a confirmation)(?: me| first)?\b/g,
  /\b(?:don'?t|do not|no need to|never) (?:ask|confirm|check)(?: me| with me| first| for confirmation)*\b/g,
  /\bskip (?:the )?(?:confirm\w*|approval|check)(?: step)?\b/g,
  /\bjust do it\b/g,
];

const GREETING =
  /^(?:hi+|hello|hey+|heya|hiya|yo|howdy|good (?:morning|afternoon|evening|day)|greetings|sup|what'?s up|hola|ni hao|nei hou|morning|evening)(?: there| again| bot| ustbites| friend| all)?\b[\s!.,~]*/;

const HELP =
  /^(?:help|\?+|help me|menu\?|commands)$|\bwhat can you do\b|\bwhat do you do\b|\bhow (?:does|do) (?:this|you|it) work\b|\bwhat are you\b|\bwho are you\b|\bhow can you help\b|\bwhat can i (?:do|ask|say)\b|\bcapabilities\b|\bhow (?:do|can) i order\b|\bhow to order\b|\bwhat should i (?:say|type)\b/;

const THANKS = /^(?:thanks?|thank you|thx|ty|cheers|much appreciated|appreciate it|great|awesome|perfect|cool|nice|lovely|brilliant|ok thanks|okay thanks|thank u)(?: (?:so much|a lot|very much|again|mate|man|bot))?[\s!.]*$/;

const CONFIRM =
  /^(?:yes|yep|yeah|yea|yup|ya|y|sure|ok|okay|k|confirm|confirmed|i confirm|go ahead|go for it|do it|please do|approve|approved|sounds good|alright|all right|correct|right|affirmative|absolutely|definitely|of course|let'?s do it|why not)\b/;
const REJECT =
  /^(?:no|nope|nah|n|cancel|cancel (?:that|it|this)|never ?mind|nvm|don'?t|do not|stop|forget (?:it|that)|not now|no thanks|no thank you|hold on|wait)\b/;

const CLEAR =
  /\b(?:clear|empty|reset|wipe|delete|remove|trash|dump)\s+(?:out\s+)?(?:my |the |this |whole |entire |everything in (?:my |the )?|all (?:of )?)*(?:cart|basket|order|everything|it all|all)\b|\bstart (?:over|again|afresh|fresh|from scratch)\b|\bremove (?:everything|all (?:items|the items))\b|\bclear (?:it|that)\b|\bfresh cart\b/;

const VIEW_CART =
  /\b(?:what(?:'s| is|s) in|show|view|see|check|display|open|look at|review|list)\s+(?:me\s+)?(?:my |the |our )?(?:current )?(?:cart|basket)\b|^(?:my |the )?(?:cart|basket)\??$|\bwhat (?:have i|did i|do i have) (?:got|added|put|ordered so far|in my cart|have)\b|\bwhat(?:'s| is) my (?:cart|basket|total|subtotal)\b|\bcart (?:contents|total|please)\b|\bhow much (?:is|does) (?:it|my cart|the cart|everything)\b/;

const CHECKOUT =
  /\bcheck ?out\b|\bplace (?:my |the |an |this |that )?order\b|\bthat(?:'s| is|s) (?:all|it|everything)\b|\bi(?:'m| am) (?:done|finished|ready)\b|\b(?:submit|finish|complete|finali[sz]e|confirm|send) (?:my |the |this )?order\b|\b(?:pay|checkout) now\b|\blet'?s (?:pay|order|check ?out)\b|\bready to (?:order|pay|check ?out)\b|\bproceed (?:to (?:payment|checkout))?\b|\border (?:it|them|this|that|everything)(?: now)?$|\bgo to checkout\b|\bpay for (?:it|my order|this)\b/;

const TRACK =
  /\b(?:track|tracking|courier|rider|driver|eta)\b|\bwhen (?:will|does|is|would) (?:it|my (?:order|food|delivery)|the (?:order|food|delivery))\s+(?:arrive|get here|come|be (?:here|delivered|ready|arriving)|land|reach|show up)|\bhow long (?:will|until|till|for|before|does)\b|\bwhere(?:'s| is) (?:my |the )?delivery\b|\bis it (?:on the way|coming)\b|\bon (?:its|the) way\b/;

const ORDER_STATUS =
  /\bwhere(?:'s| is| are)\s+(?:my|the)\s+(?:order|food|stuff|lunch|dinner|meal)\b|\borders? status\b|\bstatus (?:of|on) (?:my |the )?(?:last |latest |recent |previous )?order\b|\b(?:how(?:'s| is)|what(?:'s| is)(?: the status of| happening with)?) (?:my |the )?(?:last |latest |recent )?order\b|\bmy (?:last |latest |recent |previous |past )?orders?\b|\b(?:did|has|is) my order\b|\border history\b|\bwhat did i order\b|\bany updates?\b|\border update\b/;

const NOTE_START =
  "(?:no|without|extra|less|more|light on|lightly|hold the|not too|not spicy|mild|medium spicy|very spicy|half sugar|no sugar|less sugar|with extra|with no|with less|with more|sauce on the side|on the side|cut in half|well done)";
const NOTE_CLAUSE = new RegExp(`^${NOTE_START}\\b|^(?:with\\s+)?[\\w-]+(?:\\s+[\\w-]+)?\\s+on the side$`);
const NOTE_INLINE = new RegExp(`\\s+(?=(?:${NOTE_START})\\b)|\\s+(?=with\\s+[\\w\\s]+?\\s+on the side\\b)`);

const ADD_PREFIX = new RegExp(
  "^(?:(?:ok(?:ay)?|so|and|also|then|actually|oh|um+|hmm+|yes|yeah|great|cool|right|alright|perfect|nice)[,!. ]+)*" +
    "(?:(?:can|could|would|will|may)\\s+(?:you|i|we)\\s+(?:please\\s+)?(?:also\\s+)?)?(?:please\\s+)?(?:also\\s+)?" +
    "(?:i'?d like(?: to (?:order|have|get|add))?|i would like(?: to (?:order|have|get|add))?|i'?ll (?:have|take|get|order|go with|do|grab)|" +
    "i will (?:have|take|get|order|grab)|i want(?: to (?:order|have|get|add|try))?|i wanna (?:order|have|get|try)?|i need|let me (?:get|have|order|grab)|" +
    "lemme (?:get|have|grab)|give me|gimme|get me|grab me|order me|add|order|get|have|grab|buy|put|throw in|include|i'?ll also have|i'?d also like)" +
    "\\b(?:\\s+(?:me|us))?\\s*",
);
const QUANTITY_PREFIX = new RegExp(`^(?:(${N})\\b\\s*(?:x\\s+|×\\s*)?|(\\d+)x\\s*|(another|one more)\\s+)(?:of\\s+)?`);

/** The message with curly quotes straightened and spacing tidied; case kept (addresses keep it). */
function tidy(text: string): string {
  return text.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();
}

function stripEnding(text: string): string {
  return cleanPhrase(
    text
      .replace(/[\s,]*(?:please|pls|plz|thanks|thank you|thx|cheers|ty)[\s!.?]*$/i, "")
      .replace(/[\s!.?]+$/, ""),
  );
}

export function parseAddress(raw: string): Address | undefined {
  let text = stripEnding(raw.replace(/^(?:the\s+)/i, "").replace(/[\s,]+(?:instead|now|asap|right now|please|thanks)[\s!.]*$/i, ""));
  let instructions: string | undefined;
  const instr = /(?:[,;]|\s-)\s*((?:leave|call|knock|ring|text|meet|put|hang|don'?t|do not|drop it|outside|near|next to|by the|at the front)\b.*)$/i.exec(text);
  if (instr) {
    instructions = cleanPhrase(instr[1]!);
    text = text.slice(0, instr.index);
  }
  let room: string | undefined;
  const patterns = [
    /[,\s]+(?:room|rm\.?|flat|unit|apt\.?|apartment|#)\s*([\w/-]+(?:\s*[a-z])?)\s*$/i,
    /[,\s]+(\d+\s*\/\s*f\b[\w\s/-]*)$/i,
    /[,\s]+(floor\s+\d+[\w\s/-]*)$/i,
    /,\s*([\w/-]*\d[\w/-]*)\s*$/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (m) {
      room = cleanPhrase(m[1]!);
      text = text.slice(0, m.index);
      break;
    }
  }
  const building = cleanPhrase(text.replace(/^(?:the|my)\s+/i, ""));
  if (!building || building.length > 100 || /^(?:me|us|you|him|her|them|it|here|there|my place|home)$/i.test(building)) return undefined;
  const address: Address = { building: titleCaseIfLower(building) };
  if (room) address.room = room.slice(0, 50);
  if (instructions) address.instructions = instructions.slice(0, 200);
  return address;
}

/** A delivery place written on its own, e.g. "Hall 5 room 512" or "LSK Business School". */
const BUILDING_WORDS =
  /^(?:(?:it'?s|its|to|at|in|my place is|i'?m (?:at|in)|we'?re (?:at|in))\s+)?((?:hall\s*[\divx]+\b.*)|(?:[\w&'. -]*\b(?:building|school|centre|center|library|tower|block|hall|lodge|residence|canteen|gym|lab|village|house|complex|quarters|apartments?|dorm|dormitory|office|lecture theater|lecture theatre|lt[a-j]|atrium|piazza)\b.*))$/i;

export function parseStandaloneAddress(text: string): Address | undefined {
  const m = BUILDING_WORDS.exec(stripEnding(text));
  return m ? parseAddress(m[1]!) : undefined;
}

const ADDRESS_CLAUSES = [
  /(?:^|[\s,;]+)(?:and\s+)?(?:please\s+)?(?:deliver(?:ed|y)?|send|bring|drop|ship)(?:\s+(?:it|them|this|that|everything|all|all of it|the order|my order|the food|my food|it all))?(?:\s+off)?\s+(?:to|at)\s+(.+)$/i,
  /(?:^|[\s,;]+)(?:and\s+)?order\s+(?:it|them|this|that|everything)\s+(?:to|for)\s+(.+)$/i,
  /(?:^|[\s,;]+)(?:place|send|submit|put in)\s+(?:my\s+|the\s+|an\s+|this\s+)?order\s+(?:to|for|at)\s+(.+)$/i,
  /(?:^|[\s,;]+)check\s?out\s+(?:to|at|for)\s+(.+)$/i,
  /(?:^|[\s,;]+)(?:my\s+)?(?:delivery\s+)?address\s*(?:is|:|=)\s*(.+)$/i,
  /(?:^|[\s,;]+)(?:change|update|set)\s+(?:the\s+|my\s+)?(?:delivery\s+)?(?:address|building|location)\s+to\s+(.+)$/i,
  /(?:^|[\s,;]+)to\s+(hall\s*[\divx]+\b.*)$/i,
];

export function extractAddress(text: string): { address?: Address; rest: string } {
  for (const pattern of ADDRESS_CLAUSES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const address = parseAddress(m[1]!);
    if (address) return { address, rest: cleanPhrase(text.slice(0, m.index)) };
  }
  return { rest: text };
}

function parseBudget(lower: string): number | undefined {
  for (const pattern of BUDGET) {
    const m = pattern.exec(lower);
    if (m) return Math.round(Number(m[1]) * 100);
  }
  if (/\bcheap(?:est)?\b|\bbudget\b|\baffordable\b|\binexpensive\b/.test(lower)) return 4000;
  return undefined;
}

function removeBudget(lower: string): string {
  let out = lower;
  for (const pattern of BUDGET) out = out.replace(pattern, " ");
  return out;
}

export function parseSearch(lower: string): SearchSlots {
  const slots: SearchSlots = {};
  let rest = lower;
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

function isSearchOnly(lower: string): boolean {
  const slots = parseSearch(lower);
  return slots.dish === undefined && (slots.cuisine !== undefined || slots.tag !== undefined || slots.maxPriceCents !== undefined || slots.openNow === true);
}

/** "with less ice" → "less ice": the kitchen reads the instruction, not the grammar around it. */
function tidyNotes(notes: string): string {
  return cleanPhrase(notes.replace(/^\s*with\s+(?=(?:no|less|extra|more)\b|.+\bon the side\s*$)/, ""));
}

function splitItemAndNotes(phrase: string): { name: string; notes?: string } {
  const m = NOTE_INLINE.exec(phrase);
  if (!m || m.index === 0) return { name: cleanPhrase(phrase) };
  return { name: cleanPhrase(phrase.slice(0, m.index)), notes: tidyNotes(phrase.slice(m.index)) };
}

function cleanItemName(name: string): string {
  return cleanPhrase(
    name
      .replace(/^(?:of|the|some|my|more)\s+/, "")
      .replace(/^(?:(?:bowl|cup|plate|glass|portion|serving|order|piece|box|bottle|can)s?|orders?)\s+of\s+/, "")
      .replace(/\s+(?:to|into|in|on)\s+(?:my|the)\s+(?:cart|basket|order)\b.*$/, "")
      .replace(/\s+(?:for me|for us|as well|too|also|now)$/, ""),
  );
}

interface ParsedAdd {
  items: AddRequest[];
  restaurant?: string;
}

/** "add two paneer tikka wraps from spice route, no onions" → items and a restaurant hint. */
export function parseAdd(text: string): ParsedAdd | undefined {
  let s = tidy(text).toLowerCase().replace(/\(([^)]*)\)/g, ", $1");
  const prefix = ADD_PREFIX.exec(s);
  const hasVerb = prefix !== null && prefix[0].trim().length > 0;
  if (prefix) s = s.slice(prefix[0].length);
  s = stripEnding(s.replace(/\s+(?:to|into|in|on)\s+(?:my|the)\s+(?:cart|basket|order)\b/, ""));
  if (!s) return undefined;
  if (!hasVerb && !QUANTITY_PREFIX.test(s)) return undefined;

  let restaurant: string | undefined;
  const from = /\s+(?:from|at|@)\s+(?:the\s+)?(.+?)(?=\s*(?:,|;|$|\s(?:no|with|extra|less|without|and|but|please)\b))/.exec(s);
  if (from) {
    restaurant = cleanPhrase(from[1]!);
    s = cleanPhrase(s.slice(0, from.index) + s.slice(from.index + from[0].length));
  }

  const items: AddRequest[] = [];
  let pendingNotes: string[] = [];
  for (const clause of s.split(/\s*[,;]\s*|\s+and then\s+|\s+then\s+/)) {
    const c = cleanPhrase(clause.replace(/^(?:and|plus|also|but)\s+/, ""));
    if (!c) continue;
    if (NOTE_CLAUSE.test(c)) {
      const note = tidyNotes(c);
      const last = items.at(-1);
      if (last) last.notes = last.notes ? `${last.notes}, ${note}` : note;
      else pendingNotes.push(note);
      continue;
    }
    const parts = c.split(new RegExp(`\\s+(?:and|plus|&|with a side of)\\s+(?=(?:${N}|another|one more)\\b)`));
    for (const part of parts) {
      let phrase = part;
      let quantity = 1;
      const q = QUANTITY_PREFIX.exec(phrase);
      if (q) {
        quantity = q[3] ? 1 : (parseNumber(q[1] ?? q[2] ?? "1") ?? 1);
        phrase = phrase.slice(q[0].length);
      } else if (items.length > 0 && !hasVerb) {
        continue;
      }
      const suffix = /\s+(?:x|×)\s*(\d+)$/.exec(phrase);
      if (suffix) {
        quantity = Number(suffix[1]);
        phrase = phrase.slice(0, suffix.index);
      }
      const { name, notes } = splitItemAndNotes(phrase);
      const cleaned = cleanItemName(name);
      if (!cleaned) continue;
      const request: AddRequest = { name: cleaned, quantity };
      if (notes) request.notes = notes;
      items.push(request);
    }
  }
  if (!items.length) return undefined;
  if (pendingNotes.length) {
    const first = items[0]!;
    first.notes = [first.notes, ...pendingNotes].filter(Boolean).join(", ");
    pendingNotes = [];
  }
  return restaurant ? { items, restaurant } : { items };
}

function pronounOrUndefined(target: string | undefined): string | undefined {
  if (!target) return undefined;
  const t = cleanPhrase(target.replace(/^(?:the|my|that|those|this|these)\s+/, "").replace(/\s+(?:please|instead|anymore|any more|too)$/, ""));
  if (!t || PRONOUN.test(t) || t === "quantity" || t === "qty" || t === "amount") return undefined;
  return t;
}

function parseUpdate(lower: string): Intent | undefined {
  const notesOn = /^(no|without|extra|less|more|light on|hold the)\s+(.+?)\s+(?:on|in|for|to|with)\s+(?:the|my|that|those|this|these)\s+(.+)$/.exec(lower);
  if (notesOn && !/^(?:side|cart|basket|order)$/.test(notesOn[3]!)) {
    return { kind: "update", target: pronounOrUndefined(notesOn[3]), notes: cleanPhrase(`${notesOn[1]} ${notesOn[2]}`) };
  }
  const makeNotes =
    /^(?:make|have|can you make|please make)\s+(?:the|my|that|those|this|it|them)\s*(.*?)\s*(extra spicy|less spicy|not spicy|not too spicy|mild|spicier|without .+|with no .+|with less .+|with extra .+|no .+|less .+|extra .+)$/.exec(
      lower,
    );
  if (makeNotes) {
    const notes = makeNotes[2]!.replace(/^spicier$/, "extra spicy").replace(/^with (no|less|extra) /, "$1 ");
    return { kind: "update", target: pronounOrUndefined(makeNotes[1]), notes };
  }
  const noteFor = /^(?:add|put|leave)\s+(?:a\s+)?notes?\s*(?:to|on|for)?\s*(?:the\s+|my\s+)?(.*?)\s*(?::|saying|that says|-)\s*(.+)$/.exec(lower);
  if (noteFor) return { kind: "update", target: pronounOrUndefined(noteFor[1]), notes: cleanPhrase(noteFor[2]!) };

  const makeIt = new RegExp(
    `^(?:make|change|update|set|turn)\\s+(?:it|that|them|those|this|the (?:quantity|qty|amount|number))\\s+(?:to\\s+|into\\s+)?(${N})\\b\\s*(.*)$`,
  ).exec(lower);
  if (makeIt) return { kind: "update", target: pronounOrUndefined(makeIt[2]), quantity: parseNumber(makeIt[1]!) };
  const changeTo = new RegExp(
    `^(?:change|update|set|make|increase|decrease|reduce|bump|lower|raise|up)\\s+(?:the\\s+|my\\s+)?(.+?)\\s+(?:quantity\\s+|qty\\s+|order\\s+)?(?:to|into|up to|down to)\\s+(${N})\\b`,
  ).exec(lower);
  if (changeTo) return { kind: "update", target: pronounOrUndefined(changeTo[1]), quantity: parseNumber(changeTo[2]!) };
  const only = new RegExp(`^(?:i\\s+)?(?:actually\\s+)?(?:only|just)\\s+(?:want|need|get)?\\s*(${N})\\s+(.+?)$`).exec(lower);
  if (only) return { kind: "update", target: pronounOrUndefined(only[2]), quantity: parseNumber(only[1]!) };
  const instead = new RegExp(`^(?:i\\s+want\\s+|let'?s do\\s+|make it\\s+)?(${N})\\s+(.*?)\\s*instead\\b`).exec(lower);
  if (instead) return { kind: "update", target: pronounOrUndefined(instead[2]), quantity: parseNumber(instead[1]!) };
  return undefined;
}

function parseRemove(lower: string): Intent | undefined {
  const patterns: RegExp[] = [
    new RegExp(
      `^(?:please\\s+)?(?:remove|delete|drop|take out|get rid of|cancel|scrap|ditch|lose|skip)\\s+(?:(${N})\\s+(?:of\\s+)?)?(.+?)(?:\\s+(?:from|off|out of)\\s+(?:my\\s+|the\\s+)?(?:cart|basket|order))?$`,
    ),
    new RegExp(`^take\\s+(?:(${N})\\s+(?:of\\s+)?)?(.+?)\\s+(?:off|out)\\b.*$`),
    new RegExp(`^(?:i\\s+)?(?:don'?t|do not|no longer)\\s+(?:want|need)\\s+(?:(${N})\\s+(?:of\\s+)?)?(.+?)(?:\\s+(?:anymore|any more))?$`),
    new RegExp(`^no more\\s+()(.+)$`),
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(lower);
    if (!m) continue;
    const target = m[2] ?? "";
    if (/\b(?:order|everything|all)\b/.test(target) && !/\bthe .+ from\b/.test(target)) continue;
    const intent: Intent = { kind: "remove", target: pronounOrUndefined(target.replace(/^(?:the|my|that|those|this)\s+/, "")) };
    if (m[1]) intent.quantity = parseNumber(m[1]);
    return intent;
  }
  return undefined;
}

function parseMenu(lower: string): Intent | undefined {
  const tail = (s: string | undefined) => {
    if (!s) return undefined;
    const t = cleanPhrase(s.replace(/^(?:the|their|your|a|this)\s+/, "").replace(/(?:'s|s')$/, "").replace(/\s+(?:menu|have|serve|offer)$/, ""));
    return t && !/^(?:it|them|there|they|here|this place|that place|the menu)$/.test(t) ? t : undefined;
  };
  if (/\bmenu\b/.test(lower)) {
    const after = /\bmenu\s+(?:at|for|of|from|in)\s+(.+)$/.exec(lower);
    if (after) return { kind: "menu", restaurant: tail(after[1]) };
    const before = /^(?:.*?\b(?:show me|show|see|view|open|get|give me|can i see|let me see|what'?s on|what is on|check|read)\s+)?(?:the\s+)?(.+?)(?:'s|s')?\s+menu\b/.exec(lower);
    const name = tail(before?.[1]);
    return name && !/^(?:what|whats|what's|show|see|view|full|whole|the|a|your)$/.test(name) ? { kind: "menu", restaurant: name } : { kind: "menu" };
  }
  const m =
    /\bwhat (?:does|do|can i get at|is there at|'?s good at|'?s at) (.+?)(?: (?:have|serve|sell|offer|got|make|do))?$/.exec(lower) ??
    /\bwhat(?:'s| is) (?:good |there |available |on offer )?(?:at|in) (.+)$/.exec(lower) ??
    /\bwhat can i (?:get|order) (?:at|from) (.+)$/.exec(lower) ??
    /\b(?:show me|list|see) (?:the )?(?:items|dishes|food) (?:at|from|of) (.+)$/.exec(lower);
  if (m) return { kind: "menu", restaurant: tail(m[1]) };
  return undefined;
}

function stripFillers(lower: string): string {
  return lower
    .replace(/^(?:(?:ok(?:ay)?|so|um+|hmm+|uh+|oh|well|actually|wait|sorry|hey|hi|hello|please|pls|and|also|right|alright)[,!. ]+)+/, "")
    .replace(/^(?:(?:can|could|would|will) you(?: please)?|please|pls|kindly)\s+/, "")
    .trim();
}

function orderRef(text: string): string | undefined {
  return UUID.exec(text)?.[0]?.toLowerCase() ?? ORDER_REF.exec(text)?.[1]?.toLowerCase();
}

export function parseIntent(raw: string): Intent {
  const text = tidy(raw);
  let lower = text.toLowerCase();
  if (!lower) return { kind: "unknown", text: "" };
  if (OTHERS_DATA.test(lower)) return { kind: "others_data" };

  let bypassAttempt = false;
  for (const pattern of BYPASS) {
    if (pattern.test(lower)) {
      bypassAttempt = true;
      lower = lower.replace(pattern, " ");
    }
    pattern.lastIndex = 0;
  }
  lower = cleanPhrase(lower.replace(/\s+/g, " ").replace(/^and\s+/, ""));
  if (bypassAttempt && !lower) return { kind: "bypass" };
  if (PROMPT_PROBE.test(lower)) return { kind: "bypass" };

  const greeting = GREETING.exec(lower);
  if (greeting) {
    const rest = cleanPhrase(lower.slice(greeting[0].length));
    if (!rest) return { kind: "greeting" };
    lower = rest;
  }
  if (OFF_TOPIC.test(lower) && !/\b(?:order|cart|menu|deliver)\b/.test(lower)) return { kind: "off_topic" };
  if (HELP.test(lower)) return { kind: "help" };
  if (THANKS.test(lower)) return { kind: "thanks" };
  lower = stripFillers(lower);

  if (/\bcancel\b/.test(lower) && (/\border\b/.test(lower) || UUID.test(lower))) {
    const reason = /\b(?:because|since|as|reason:?)\s+(.+)$/.exec(lower)?.[1];
    const intent: Intent = { kind: "cancel_order" };
    const ref = orderRef(lower);
    if (ref) intent.orderRef = ref;
    if (reason) intent.reason = cleanPhrase(reason).slice(0, 200);
    return intent;
  }

  const { address, rest } = extractAddress(bypassAttempt ? lower : text);
  if (address) {
    // With an address the student is ordering: "egg fried rice from night owl, deliver to hall 5" means one.
    const add = parseAdd(rest) ?? (/\s(?:from|at)\s/i.test(rest) ? parseAdd(`1 ${rest}`) : undefined);
    if (add) return { kind: "add", ...add, address };
    const intent: Intent = { kind: "checkout", address };
    if (bypassAttempt) intent.bypassAttempt = true;
    return intent;
  }

  if (CLEAR.test(lower)) return { kind: "clear" };
  if (VIEW_CART.test(lower)) return { kind: "view_cart" };
  if (CHECKOUT.test(lower)) return bypassAttempt ? { kind: "checkout", bypassAttempt } : { kind: "checkout" };
  const startsWithAdd = /^(?:add|order(?! (?:history|status|updates?)\b)|get|grab|i'?ll have|i'?d like)\b/.test(lower);
  if (TRACK.test(lower) && !startsWithAdd) {
    const ref = orderRef(lower);
    return ref ? { kind: "track", orderRef: ref } : { kind: "track" };
  }
  if (ORDER_STATUS.test(lower) && !startsWithAdd) {
    const intent: Intent = { kind: "order_status" };
    const ref = orderRef(lower);
    if (ref) intent.orderRef = ref;
    if (/\b(?:orders|order history|past orders|previous orders|all (?:my )?orders|what did i order)\b/.test(lower)) intent.all = true;
    return intent;
  }
  const ref = orderRef(lower);
  if (ref && /\b(?:status|order)\b/.test(lower)) return { kind: "order_status", orderRef: ref };

  const update = parseUpdate(lower);
  if (update) return update;
  const remove = parseRemove(lower);
  if (remove) return remove;
  const menu = parseMenu(lower);
  if (menu) return menu;

  const words = lower.split(/\s+/).length;
  if (words <= 6 && REJECT.test(lower) && !parseAdd(lower)) return { kind: "reject" };
  if (words <= 6 && CONFIRM.test(lower) && !parseAdd(lower)) return { kind: "confirm" };

  const withoutVerb = lower.replace(ADD_PREFIX, "");
  const hasVerb = withoutVerb !== lower;
  // "add a burger" orders a dish; "I want japanese" or "something vegan" asks what there is.
  const ordersOne = hasVerb && QUANTITY_PREFIX.test(withoutVerb) && !/^(?:a|an|some)\s+(?:something|anything|place|restaurant)\b/.test(withoutVerb);
  if (!ordersOne && (isSearchOnly(withoutVerb) || isSearchOnly(lower))) return { kind: "search", ...parseSearch(isSearchOnly(withoutVerb) ? withoutVerb : lower) };
  if (/^(?:where (?:can|do|could) (?:i|we) (?:get|find|buy|eat)|find|search|look(?:ing)? for|(?:i(?:'m| am) )?(?:looking|searching) for|(?:can|could) you (?:find|show|recommend|suggest)|help me find|(?:i(?:'m| am) )?in the mood for|any|show me|recommend|suggest|is there|are there|do you have|got any|i(?:'m| am) craving|craving|i(?:'m| am) (?:hungry|starving)|what(?:'s| is) (?:good|available|cheap)|which (?:places|restaurants))\b/.test(lower)) {
    return { kind: "search", ...parseSearch(lower) };
  }
  const add = parseAdd(lower);
  if (add) return { kind: "add", ...add };
  const filtered = parseSearch(lower);
  if (filtered.dish && (filtered.maxPriceCents !== undefined || filtered.tag || filtered.cuisine || filtered.openNow)) return { kind: "search", ...filtered };

  if (ABUSE.test(lower)) return { kind: "abuse" };
  const standalone = parseStandaloneAddress(text);
  if (standalone) return { kind: "address", address: standalone };
  const bare = lower.replace(/[?!.]+$/, "").split(/\s+/);
  if (bare.length <= 4 && bare.every((w) => /^[a-z][a-z'-]*$/.test(w) && !CHAT_WORDS.has(w))) {
    const slots = parseSearch(lower);
    if (slots.dish || slots.cuisine || slots.tag) return { kind: "search", ...slots };
  }
  if (bypassAttempt) return { kind: "bypass" };
  return { kind: "unknown", text };
}
