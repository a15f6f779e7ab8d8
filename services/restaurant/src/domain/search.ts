/**
 * Search ranking. Matching is done by PostgreSQL (pg_trgm word similarity for typo tolerance on names,
 * cuisines and sections; English full text on descriptions), each served by a GIN index. A hit's score
 * is its similarity (0..1) times the weight of the field it matched, and a result ranks by its best hit.
 */

/**
 * Lowest word similarity that counts as a match. pg_trgm's default (0.6) misses one-letter typos in
 * longer words ('biryni' → 'Biryani' scores 0.57); 0.5 keeps them ('ramn' → 'Ramen' 0.6, 'nodle' →
 * 'Noodles' 0.5) while unrelated words stay well below ('curry' → 'Cherry' 0.33).
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;

/** How much a hit on each field counts: the restaurant's own name first, a description mention last. */
export const SEARCH_WEIGHTS = {
  name: 1,
  cuisine: 0.95,
  dish: 0.9,
  section: 0.8,
  description: 0.45,
} as const;
