/**
 * Reads the student's latest message into an intent and its slots. Only the student's own words come
 * here: tool results never do, so text inside a menu cannot become an instruction.
 */
import { cleanPhrase, tidy } from "../text.ts";
import type { Intent } from "../types.ts";
import {
  CANCEL_ORDER,
  CHECKOUT,
  CLEAR,
  CONFIRM,
  GREETING,
  HELP,
  ORDER_STATUS,
  REJECT,
  THANKS,
  TRACK,
  VIEW_CART,
} from "./acts.ts";
import { ADD_PREFIX, parseAdd, QUANTITY_PREFIX } from "./add.ts";
import { extractAddress, isVaguePlace, parseStandaloneAddress } from "./address.ts";
import { parseMenu, parseRemove, parseUpdate } from "./edits.ts";
import { normalizeMessage } from "./normalize.ts";
import { ABUSE, BYPASS, OFF_TOPIC, OTHERS_DATA, PROMPT_PROBE } from "./safety.ts";
import { CHAT_WORDS, isSearchOnly, ORDER_REF, parseDishQuestion, parseSearch, UUID } from "./search.ts";

function stripFillers(lower: string): string {
  return lower
    .replace(
      /^(?:(?:ok(?:ay)?|so|um+|hmm+|uh+|oh|well|actually|wait|sorry|hey|hi|hello|please|pls|and|also|right|alright)[,!. ]+)+/,
      "",
    )
    .replace(/^(?:(?:can|could|would|will) you(?: please)?|please|pls|kindly)\s+/, "")
    .trim();
}

/** Ordering words that name no particular order. */
const GENERIC_ORDER =
  /^(?:order|orders|food|stuff|delivery|lunch|dinner|breakfast|meal|last order|latest order|recent order|last|latest|recent|it|order status)$/;

/** The dish or restaurant a student names an order by: "where's my pizza", "cancel the ramen order". */
function orderAbout(lower: string): string | undefined {
  const m =
    /\b(?:my|the)\s+(?!orders?\b|payment\b|card\b)([a-z][a-z &'-]*?)(?:\s+(?:order|here|there|yet|gets?|get here|coming|arrive|arriving|on|is|has|been|left|ready|from)\b|[?!.,]|$)/.exec(
      lower,
    );
  const about = m?.[1]?.trim();
  return about && !GENERIC_ORDER.test(about) ? about : undefined;
}

/** Keyboard mash ("asdkjh", "qwerty", "zzzz"): no dish is spelled like that, so it is not searched for. */
const isMash = (word: string) =>
  /[bcdfghjklmnpqrstvwxz]{5,}|(.)\1{3,}|asdf|qwer|zxcv|hjkl/.test(word) || (word.length >= 4 && !/[aeiouy]/.test(word));

function orderRef(text: string): string | undefined {
  return UUID.exec(text)?.[0]?.toLowerCase() ?? ORDER_REF.exec(text)?.[1]?.toLowerCase();
}

export function parseIntent(raw: string): Intent {
  const text = tidy(normalizeMessage(raw));
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

  if (CANCEL_ORDER.test(lower) || (/\bcancel\b/.test(lower) && UUID.test(lower))) {
    const reason = /\b(?:because|since|as|reason:?)\s+(.+)$/.exec(lower)?.[1];
    const intent: Intent = { kind: "cancel_order" };
    const ref = orderRef(lower);
    if (ref) intent.orderRef = ref;
    if (reason) intent.reason = cleanPhrase(reason).slice(0, 200);
    const about = orderAbout(lower);
    if (about) intent.about = about;
    return intent;
  }
  // "send it to my hall": a place no courier can find; ask for the building.
  if (
    /\b(?:deliver|send|bring)\b(?:\s+\w+)?\s+(?:to|at)\s+/.test(lower) &&
    isVaguePlace(lower.replace(/^.*?\b(?:to|at)\s+/, ""))
  )
    return { kind: "checkout" };

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
  const checkout = CHECKOUT.exec(lower);
  if (checkout) {
    const intent: Intent = { kind: "checkout" };
    // "check out, hall 9 room 330": the place said right after.
    const after = parseStandaloneAddress(
      lower.slice(checkout.index + checkout[0].length).replace(/^(?:[\s,:;-]+|(?:please|now|thanks|then)\b)+/, ""),
    );
    if (after) intent.address = after;
    if (bypassAttempt) intent.bypassAttempt = true;
    return intent;
  }
  const startsWithAdd = /^(?:add|order(?! (?:history|status|updates?)\b)|get|grab|i'?ll have|i'?d like)\b/.test(lower);
  if (TRACK.test(lower) && !startsWithAdd) {
    const intent: Intent = { kind: "track" };
    const ref = orderRef(lower);
    if (ref) intent.orderRef = ref;
    const about = orderAbout(lower);
    if (about) intent.about = about;
    return intent;
  }
  if (ORDER_STATUS.test(lower) && !startsWithAdd) {
    const intent: Intent = { kind: "order_status" };
    const ref = orderRef(lower);
    if (ref) intent.orderRef = ref;
    if (/\b(?:orders|order history|past orders|previous orders|all (?:my )?orders|what did i order)\b/.test(lower))
      intent.all = true;
    const about = orderAbout(lower);
    if (about) intent.about = about;
    return intent;
  }
  const ref = orderRef(lower);
  if (ref && /\b(?:status|order)\b/.test(lower)) return { kind: "order_status", orderRef: ref };

  const update = parseUpdate(lower);
  if (update) return update;
  const remove = parseRemove(lower);
  if (remove) return remove;
  // "what can i order right now", "i'm so hungry": what is there, open now.
  const whatNow = /^what (?:can|could|should) (?:i|we) (?:order|get|eat|have)\b/.exec(lower);
  if (
    whatNow &&
    /^(?:\s*(?:right now|now|today|tonight|here|at the moment))?[?!.]*$/.test(lower.slice(whatNow[0].length))
  ) {
    return { kind: "search", ...parseSearch(lower.slice(whatNow[0].length)), openNow: true };
  }
  if (/\b(?:hungry|starving|famished|peckish)\b/.test(lower) && !ADD_PREFIX.exec(lower)?.[0].trim())
    return { kind: "search", ...parseSearch(lower) };
  // "what do you recommend", "any suggestions?", "what's popular": a recommendation, never a restaurant called "you recommend".
  if (
    /\b(?:recommend\w*|suggest\w*|what(?:'s| is) (?:good|popular|nice)|popular|best sellers?)\b/.test(lower) &&
    !ADD_PREFIX.exec(lower)?.[0].trim()
  ) {
    return { kind: "search", ...parseSearch(lower) };
  }
  const question = parseDishQuestion(lower);
  if (question) return { kind: "search", ...question };
  const menu = parseMenu(lower);
  if (menu) return menu;

  const words = lower.split(/\s+/).length;
  if (words <= 6 && REJECT.test(lower) && !parseAdd(lower)) return { kind: "reject" };
  if (words <= 6 && CONFIRM.test(lower) && !parseAdd(lower)) return { kind: "confirm" };

  const withoutVerb = lower.replace(ADD_PREFIX, "");
  const hasVerb = withoutVerb !== lower;
  // "add a burger" orders a dish; "I want japanese" or "something vegan" asks what there is.
  const ordersOne =
    hasVerb &&
    QUANTITY_PREFIX.test(withoutVerb) &&
    !/^(?:a|an|some)\s+(?:something|anything|place|restaurant)\b/.test(withoutVerb);
  if (!ordersOne && (isSearchOnly(withoutVerb) || isSearchOnly(lower)))
    return { kind: "search", ...parseSearch(isSearchOnly(withoutVerb) ? withoutVerb : lower) };
  if (
    /^(?:where (?:can|do|could) (?:i|we) (?:get|find|buy|eat)|find|search|look(?:ing)? for|(?:i(?:'m| am) )?(?:looking|searching) for|(?:can|could) you (?:find|show|recommend|suggest)|help me find|(?:i(?:'m| am) )?in the mood for|any|show me|recommend|suggest|is there|are there|do you have|got any|i(?:'m| am) craving|craving|i(?:'m| am) (?:hungry|starving)|what(?:'s| is) (?:good|available|cheap)|which (?:places|restaurants))\b/.test(
      lower,
    )
  ) {
    return { kind: "search", ...parseSearch(lower) };
  }
  const add = parseAdd(lower);
  if (add) return { kind: "add", ...add };
  const filtered = parseSearch(lower);
  if (filtered.dish && (filtered.maxPriceCents !== undefined || filtered.tag || filtered.cuisine || filtered.openNow))
    return { kind: "search", ...filtered };

  if (ABUSE.test(lower)) return { kind: "abuse" };
  const standalone = parseStandaloneAddress(text);
  if (standalone) return { kind: "address", address: standalone };
  const bare = lower.replace(/[?!.]+$/, "").split(/\s+/);
  if (bare.length <= 4 && bare.every((w) => /^[a-z][a-z'-]*$/.test(w) && !CHAT_WORDS.has(w)) && !bare.some(isMash)) {
    const slots = parseSearch(lower);
    if (slots.dish || slots.cuisine || slots.tag) return { kind: "search", ...slots };
  }
  if (bypassAttempt) return { kind: "bypass" };
  return { kind: "unknown", text };
}
