/**
 * A kitchen note corrected: "peppers not onions", "sorry i meant no peppers, not onions", "make it
 * less spicy, not extra", "less ice instead of no ice". The words after "not" name what the note
 * says now; the words before, what it should say. Which line it is on is decided against the cart
 * (policy/cart.ts): the line whose note mentions the old words.
 */
import { wordsMatch } from "../text.ts";

export interface NoteFix {
  /** What the note should say instead: a whole note ("less spicy") or just the thing ("peppers"). */
  to: string;
  /** The words of the current note being replaced ("onions", "extra"). */
  from: string;
}

const MARKERS =
  /^(?:(?:oh|ah|uh|um|hmm|wait|no+|nope|sorry|oops|actually|my bad|i meant|i mean|meant|make (?:it|that|the note)|change (?:it|that|the note) to|the note should (?:say|be)|it should (?:say|be)|should be)[\s,!.:]+)+/;

/** Words that start a kitchen note. */
export const NOTE_WORDS =
  /^(?:no|without|extra|less|more|light|lightly|half|normal|regular|hold|with|not too|mild|medium|\d+ ?%)\b/;

export function parseNoteFix(lower: string): NoteFix | undefined {
  const t = `${lower
    .replace(/[!?.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()} `
    .replace(MARKERS, "")
    .trim();
  const m = /^(.+?),?\s+(?:not|instead of|rather than)\s+(?:the\s+)?(.+?)(?:\s+(?:please|pls|thanks))?$/.exec(t);
  if (!m) return undefined;
  const to = m[1]!.trim();
  const from = m[2]!.trim();
  if (!to || !from || to.split(" ").length > 5 || from.split(" ").length > 4) return undefined;
  return { to, from };
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9%]+/)
    .filter((w) => w.length > 1);

/** Does this note say what `from` names ("onions" in "no onions, less ice")? */
export function noteMentions(note: string | null | undefined, from: string): boolean {
  if (!note) return false;
  const said = words(note);
  return words(from).every((w) => said.some((s) => wordsMatch(w, s)));
}

/**
 * The note with the fix applied: the clause that mentions the old words is replaced by the new note
 * when the fix is a whole note ("less spicy"), else the old words in it give way to the new ones
 * ("no onions" → "no peppers").
 */
export function applyNoteFix(note: string, fix: NoteFix): string {
  const clauses = note.split(/\s*,\s*/);
  const at = clauses.findIndex((c) => noteMentions(c, fix.from));
  if (at < 0) return note;
  const clause = clauses[at]!;
  if (NOTE_WORDS.test(fix.to)) {
    clauses[at] = fix.to;
  } else {
    const fromWords = words(fix.from);
    const kept = clause.split(/\s+/).filter((w) => !fromWords.some((f) => wordsMatch(f, w.toLowerCase())));
    clauses[at] = [...kept, fix.to].join(" ");
  }
  return clauses.join(", ");
}
