/** "add two paneer tikka wraps from spice route, no onions" → the dishes, their quantities and notes, and a restaurant hint. */
import { cleanPhrase, stripEnding, tidy } from "../text.ts";
import type { AddRequest } from "../types.ts";
import { parseQuantity, QUANTITY_PATTERN } from "./quantity.ts";

const NOTE_START =
  "(?:\\d+ ?% (?:sugar|sweet|sweetness|ice)|half sugar|less sweet|but i'?m allergic|i'?m allergic|allergic to|but no|but without|none of|no more than|no|without|extra|less|more|light on|lightly|hold the|not too|not spicy|mild|medium spicy|very spicy|half sugar|no sugar|less sugar|with extra|with no|with less|with more|sauce on the side|on the side|cut in half|well done)";
const NOTE_CLAUSE = new RegExp(`^${NOTE_START}\\b|^(?:with\\s+)?[\\w-]+(?:\\s+[\\w-]+)?\\s+on the side$`);
const NOTE_INLINE = new RegExp(`\\s+(?=(?:${NOTE_START})\\b)|\\s+(?=with\\s+[\\w\\s]+?\\s+on the side\\b)`);

export const ADD_PREFIX = new RegExp(
  "^(?:(?:ok(?:ay)?|so|and|also|then|actually|oh|um+|hmm+|yes|yeah|great|cool|right|alright|perfect|nice)[,!. ]+)*" +
    "(?:(?:can|could|would|will|may)\\s+(?:you|i|we)\\s+(?:please\\s+)?(?:also\\s+)?)?(?:please\\s+)?(?:also\\s+)?" +
    "(?:i'?d like(?: to (?:order|have|get|add))?|i would like(?: to (?:order|have|get|add))?|i'?ll (?:have|take|get|order|go with|do|grab)|" +
    "i will (?:have|take|get|order|grab)|i want(?: to (?:order|have|get|add|try))?|i wanna (?:order|have|get|try)?|i need|need|let me (?:get|have|order|grab)|" +
    "lemme (?:get|have|grab)|give me|gimme|get me|grab me|order me|add|order|get|have|grab|buy|put|throw in|include|i'?ll also have|i'?d also like)" +
    "\\b(?:\\s+(?:me|us))?\\s*",
);
const ONE_OF = new RegExp(
  `^(?:but\\s+|and\\s+)?(?:one|1)\\s+(?:of (?:them|those|these|the \\w+)\\s+)?(?:with\\s+)?((?:${NOTE_START})\\b.*)$`,
);
const ONE_INLINE = new RegExp(
  `^(.+?)[,\\s]+(?:but\\s+|and\\s+)?(?:one|1)\\s+(?:of (?:them|those|these)\\s+)?(?:with\\s+)?((?:${NOTE_START})\\b.*)$`,
);
/** "pad kra pao x2". */
const X_SUFFIX = /\s+(?:x|×)\s*(\d+)$/;
/** A question or a browse, not an order: "anything without nuts?", "what comes with extra rice". */
const ASKING =
  /^(?:any|some|what|where|which|who|how|show|find|is|are|do|does|can)\b|\b(?:something|anything|options?|places?|restaurants?|menu)\b|\?/;
export const QUANTITY_PREFIX = new RegExp(`^(${QUANTITY_PATTERN})\\b\\s*(?:x\\s+|×\\s*)?(?:of\\s+)?`);

/** The message with curly quotes straightened and spacing tidied; case kept (addresses keep it). */

function tidyNotes(notes: string): string {
  return cleanPhrase(
    notes.replace(/^\s*with\s+(?=(?:no|less|extra|more)\b|.+\bon the side\s*$)/, "").replace(/^(?:but|and)\s+/, ""),
  );
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
      .replace(/\s+(?:to|into|in|on)\s+(?:(?:(?:my|the)\s+)?(?:cart|basket)|(?:my|the)\s+order)\b.*$/, "")
      .replace(/\s+for (?:my|our|a|the|us|me)\b.*$/, "")
      .replace(/\s+(?:for me|for us|as well|too|also|now|instead|lol|haha)$/, ""),
  );
}

interface ParsedAdd {
  items: AddRequest[];
  restaurant?: string;
}

/** "add two paneer tikka wraps from spice route, no onions" → items and a restaurant hint. */
export function parseAdd(text: string): ParsedAdd | undefined {
  let s = tidy(text)
    .toLowerCase()
    .replace(/\(([^)]*)\)/g, ", $1");
  const prefix = ADD_PREFIX.exec(s);
  const hasVerb = prefix !== null && prefix[0].trim().length > 0;
  if (prefix) s = s.slice(prefix[0].length);
  s = stripEnding(s.replace(/\s+(?:to|into|in|on)\s+(?:(?:(?:my|the)\s+)?(?:cart|basket)|(?:my|the)\s+order)\b/, ""));
  if (!s) return undefined;
  // Without a verb or a leading number, a dish with "x2" or a kitchen note is still an order ("pad kra pao x2", "banh mi no cilantro").
  const bare = !hasVerb && !QUANTITY_PREFIX.test(s);
  if (bare && (ASKING.test(s) || !(X_SUFFIX.test(s) || (NOTE_INLINE.exec(s)?.index ?? 0) > 0))) return undefined;

  let restaurant: string | undefined;
  const from =
    /\s+(?:from|at|@)\s+(?:the\s+)?(.+?)(?=\s*(?:,|;|$|\s(?:no|with|extra|less|without|and|but|please)\b|\s+(?:x|×)\s*\d+$))/.exec(
      s,
    );
  if (from) {
    restaurant = cleanPhrase(from[1]!.replace(/\s+(?:instead|please|now|too|then)$/, ""));
    s = cleanPhrase(s.slice(0, from.index) + s.slice(from.index + from[0].length));
  }

  const items: AddRequest[] = [];
  let pendingNotes: string[] = [];
  for (const clause of s.split(/\s*[,;]\s*|\s+and then\s+|\s+then\s+/)) {
    const c = cleanPhrase(clause.replace(/^(?:and|plus|also|but)\s+/, ""));
    if (!c) continue;
    // "2 wraps, one of them no onions": one of the two gets the note, in a line of its own.
    const one = ONE_OF.exec(c);
    const last = items.at(-1);
    if (one && last && last.quantity >= 2) {
      last.quantity -= 1;
      items.push({ name: last.name, quantity: 1, notes: tidyNotes(one[1]!) });
      continue;
    }
    if (NOTE_CLAUSE.test(c)) {
      const note = tidyNotes(c);
      const last = items.at(-1);
      if (last) last.notes = last.notes ? `${last.notes}, ${note}` : note;
      else pendingNotes.push(note);
      continue;
    }
    const parts = c.split(new RegExp(`\\s+(?:and|plus|&|with a side of)\\s+(?=(?:${QUANTITY_PATTERN})\\b)`));
    for (const part of parts) {
      let phrase = part;
      let quantity = 1;
      const q = QUANTITY_PREFIX.exec(phrase);
      if (q) {
        quantity = parseQuantity(q[1]!) ?? 1;
        phrase = phrase.slice(q[0].length);
      } else if (items.length > 0 && !hasVerb) {
        continue;
      }
      const suffix = X_SUFFIX.exec(phrase);
      if (suffix) {
        quantity = Number(suffix[1]);
        phrase = phrase.slice(0, suffix.index);
      }
      const oneOf = quantity >= 2 ? ONE_INLINE.exec(phrase) : null;
      if (oneOf) phrase = oneOf[1]!;
      const { name, notes } = splitItemAndNotes(phrase);
      const cleaned = cleanItemName(name);
      if (!cleaned) continue;
      const request: AddRequest = { name: cleaned, quantity };
      if (notes) request.notes = notes;
      if (oneOf) {
        request.quantity -= 1;
        items.push(request, { name: cleaned, quantity: 1, notes: tidyNotes(oneOf[2]!) });
        continue;
      }
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
