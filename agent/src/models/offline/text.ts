/**
 * Text helpers shared by the intent parser and the name resolver: normalisation, a crude singular,
 * typo-tolerant word matching and number words. Everything here is pure and deterministic.
 */

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  couple: 2,
  pair: 2,
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
  dozen: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};

export const NUMBER_PATTERN = `(?:\\d+|${Object.keys(NUMBER_WORDS).join("|")})`;

/** "3" → 3, "three" → 3, "a" → 1; anything else → undefined. */
export function parseNumber(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
}

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
const NAME_STOPWORDS = new Set(["the", "a", "an", "and", "of", "some", "my", "please", "with", "pcs", "pc", "piece", "pieces", "one"]);

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

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Same word, a typo of it (same first letter; 1 edit from 4 letters, 2 from 8), or a prefix of at least 4 letters. */
export function wordsMatch(query: string, name: string): boolean {
  if (query === name) return true;
  if (query.length >= 4 && name.startsWith(query)) return true;
  const shorter = Math.min(query.length, name.length);
  // Typos rarely hit the first letter; requiring it keeps "lassi" away from "classic".
  if (shorter < 4 || query[0] !== name[0]) return false;
  const allowed = shorter >= 8 ? 2 : 1;
  return levenshtein(query, name) <= allowed;
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
