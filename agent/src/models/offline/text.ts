/**
 * Text helpers shared by the intent parser and the name resolver: normalisation, a crude singular and
 * typo-tolerant word matching. Everything here is pure and deterministic.
 */
import { editDistance } from "./understand/edit-distance.ts";

/** Lowercase, accents folded, "&" → "and", parentheticals such as "(2 pcs)" dropped, punctuation → spaces. */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\([^)]*\)/g, " ")
    .replace(/&/g, " and ")
    .replace(/'s\b/g, "")
    .replace(/[^a-z0-9$/.' -]+/g, " ")
    .replace(/[.'-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words that carry no meaning when matching a dish or restaurant name. */
const NAME_STOPWORDS = new Set([
  "the",
  "a",
  "an",
  "and",
  "of",
  "some",
  "my",
  "please",
  "with",
  "pcs",
  "pc",
  "piece",
  "pieces",
  "one",
]);

/** A deliberately crude singular, applied to both sides of a comparison so "wraps" meets "Wrap". */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function nameTokens(text: string): string[] {
  return normalize(text)
    .split(" ")
    .filter((w) => w && !NAME_STOPWORDS.has(w))
    .map(singular);
}

/** Same word, a typo of it (same first letter; 1 edit from 4 letters, 2 from 8), or a prefix of at least 4 letters. */
export function wordsMatch(query: string, name: string): boolean {
  if (query === name) return true;
  if (query.length >= 4 && name.startsWith(query)) return true;
  const shorter = Math.min(query.length, name.length);
  // Typos rarely hit the first letter; requiring it keeps "lassi" away from "classic".
  if (shorter < 4 || query[0] !== name[0]) return false;
  const allowed = shorter >= 8 ? 2 : 1;
  return editDistance(query, name) <= allowed;
}

export interface NameMatch {
  /** Every query word matched, in the same order, and no other word: the same name. */
  exact: boolean;
  /** Share of the query's words found in the name. */
  coverage: number;
  /** Share of the name's words the query accounts for. */
  precision: number;
}

export function matchName(query: string, name: string): NameMatch {
  const q = nameTokens(query);
  const n = nameTokens(name);
  if (!q.length || !n.length) return { exact: false, coverage: 0, precision: 0 };
  const used = new Set<number>();
  let matched = 0;
  for (const word of q) {
    const at = n.findIndex((candidate, i) => !used.has(i) && wordsMatch(word, candidate));
    if (at >= 0) {
      used.add(at);
      matched++;
    }
  }
  const exact = q.length === n.length && q.every((w, i) => w === n[i]);
  return { exact, coverage: matched / q.length, precision: matched / n.length };
}

/** How well `query` names `name`: 3 the same, 2 every word found, 1 most words (two or more) found, 0 no. */
export function matchTier(query: string, name: string): 0 | 1 | 2 | 3 {
  const m = matchName(query, name);
  if (m.exact) return 3;
  if (m.coverage === 1) return 2;
  if (m.coverage >= 2 / 3 && nameTokens(query).length >= 2) return 1;
  return 0;
}

/** "hall 5" → "Hall 5"; text the student capitalised themselves is kept as typed. */
export function titleCaseIfLower(text: string): string {
  if (text !== text.toLowerCase()) return text;
  return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

export function cleanPhrase(text: string): string {
  return text
    .replace(/^[\s,.;:!?-]+|[\s,.;:!?-]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The message with curly quotes straightened and spacing tidied; case kept (addresses keep it). */
export function tidy(text: string): string {
  return text.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();
}

/** Without a closing "please"/"thanks" and trailing punctuation. */
export function stripEnding(text: string): string {
  return cleanPhrase(
    text.replace(/[\s,]*(?:please|pls|plz|thanks|thank you|thx|cheers|ty)[\s!.?]*$/i, "").replace(/[\s!.?]+$/, ""),
  );
}
