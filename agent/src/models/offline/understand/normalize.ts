/**
 * Step 1 of the pipeline: the student's message as typed on a phone → plain English the grammar
 * reads. Emoji and decoration go, chat spelling is spelled out ("u" → "you", "pls" → "please",
 * "rn" → "right now"), and misspelled command words are corrected by edit distance ("chekout",
 * "remvoe", "shwo"). Words that are not commands are left alone: dish and restaurant names are
 * matched by the restaurant service's own search, which tolerates typos itself.
 * Case is kept (a building the student capitalised stays as typed).
 */
import { editDistance } from "./edit-distance.ts";

/** Chat spelling → the words the grammar knows. Whole words only, case-insensitive. */
const CHAT_SPELLING: Record<string, string> = {
  u: "you",
  ur: "your",
  r: "are",
  pls: "please",
  plz: "please",
  pleaseee: "please",
  thx: "thanks",
  thnx: "thanks",
  thanx: "thanks",
  ty: "thanks",
  tysm: "thanks",
  rn: "right now",
  n: "and",
  "w/": "with",
  "w/o": "without",
  wat: "what",
  wut: "what",
  whats: "what's",
  wheres: "where's",
  hows: "how's",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  didnt: "didn't",
  doesnt: "doesn't",
  isnt: "isn't",
  im: "i'm",
  ive: "i've",
  ill: "i'll",
  gimme: "give me",
  lemme: "let me",
  wanna: "want to",
  gonna: "going to",
  haz: "have",
  cud: "could",
  shud: "should",
  thru: "through",
  tho: "though",
  smth: "something",
  sth: "something",
  sumthing: "something",
  abt: "about",
  b4: "before",
  tmr: "tomorrow",
  tmrw: "tomorrow",
  "2day": "today",
  "2nite": "tonight",
  grp: "group",
  ppl: "people",
  bc: "because",
  cuz: "because",
  coz: "because",
  pic: "picture",
  msg: "message",
  yall: "you all",
  ya: "yes",
  yea: "yes",
  yeh: "yes",
  ye: "yes",
  yup: "yes",
  yep: "yes",
  ok: "ok",
  okie: "ok",
  k: "ok",
  kk: "ok",
  nah: "no",
  nope: "no",
};

/**
 * Words the grammar acts on. A word one typo away from one of these (a swap, a missing, extra or
 * wrong letter; same first letter, four letters or more) is read as it.
 */
export const COMMAND_WORDS = [
  "checkout",
  "check",
  "remove",
  "delete",
  "show",
  "menu",
  "cancel",
  "cart",
  "basket",
  "order",
  "orders",
  "clear",
  "track",
  "deliver",
  "delivery",
  "please",
  "add",
  "want",
  "change",
  "where",
  "status",
  "recommend",
  "suggest",
  "something",
  "anything",
  "instead",
  "actually",
  "restaurant",
  "restaurants",
  "vegetarian",
  "vegan",
  "spicy",
  "cheap",
  "healthy",
  "japanese",
  "vietnamese",
  "korean",
  "chinese",
  "indian",
  "thai",
  "cantonese",
  "malaysian",
  "singaporean",
  "italian",
  "western",
  "lebanese",
  "american",
  "halal",
];
const COMMANDS = new Set(COMMAND_WORDS);

/** Real words a typo rule must not "correct" into a command ("card" is not "cart", "show" is not "snow"). */
const KEEP = new Set([
  "card",
  "care",
  "cards",
  "chow",
  "slow",
  "snow",
  "shop",
  "shot",
  "older",
  "border",
  "ordered",
  "remote",
  "track",
  "menus",
  "thaw",
  "that",
  "what",
  "wants",
  "went",
  "chocolate",
  "spice",
  "clean",
  "chicken",
  "check",
  "cheap",
  "clears",
  "cancels",
  "sweet",
  "where",
  "there",
  "adds",
  "sauce",
  "orange",
  "vegetable",
  "curry",
]);

function correctCommand(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length < 4 || COMMANDS.has(lower) || KEEP.has(lower) || !/^[a-z]+$/.test(lower)) return word;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const command of COMMAND_WORDS) {
    if (command[0] !== lower[0] || Math.abs(command.length - lower.length) > 2) continue;
    // Four-letter words only forgive a swap ("shwo"); longer ones a slip; from eight letters, two.
    const d = editDistance(lower, command);
    // Two letters dropped from a long word still read as it ("chkout" for "checkout").
    const dropped = command.length >= 8 && lower.length >= 6 && command.length - lower.length === d;
    const allowed = Math.min(command.length, lower.length) >= 8 || dropped ? 2 : 1;
    if (d > allowed || d >= bestDistance) continue;
    if (lower.length === 4 && d === 1 && [...lower].sort().join("") !== [...command].sort().join("")) continue;
    best = command;
    bestDistance = d;
  }
  return best ?? word;
}

/** Laughter and hedges that carry no request ("actually just 1 lol"): dropped like emoji. */
const CHAT_NOISE = new Set([
  "lol",
  "lmao",
  "lmfao",
  "rofl",
  "haha",
  "hahaha",
  "hehe",
  "xd",
  "tbh",
  "ngl",
  "fr",
  "jk",
  "omg",
  "af",
  "asf",
]);

/** Emoji, pictographs and their joiners; a mark the grammar would otherwise read as a word. */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/** "heyyy" → "hey", "pleaseee" → "please": three or more of a letter are one. */
const stretched = (word: string) => word.replace(/([a-z])\1{2,}/gi, "$1");

/** The message, normalised for understanding. Numbers, ids and capitalisation are kept. */
export function normalizeMessage(raw: string): string {
  const text = raw
    .normalize("NFKC")
    .replace(EMOJI, " ")
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[!?]{2,}/g, (m) => m[0]!)
    .replace(/\s+/g, " ")
    .trim();
  return (
    text
      .split(" ")
      // "ad chiken biriyani": too short for edit distance, but a message starting with it means add.
      .map((token, i, all) => (i === 0 && all.length > 1 && /^ad$/i.test(token) ? "add" : token))
      // "chek out", "chekc out": checkout split in two.
      .reduce<string[]>((out, token) => {
        const prev = out.at(-1);
        if (
          prev &&
          /^out\b/i.test(token) &&
          /^ch[a-z]{2,4}$/i.test(prev) &&
          prev.toLowerCase() !== "check" &&
          correctCommand(`${prev}out`) === "checkout"
        )
          out[out.length - 1] = `checkout${token.slice(3)}`;
        else out.push(token);
        return out;
      }, [])
      .map((token) => {
        const m = /^([("']*)(.*?)([)"'.,;:!?]*)$/.exec(token)!;
        const [, lead, core, trail] = m as unknown as [string, string, string, string];
        if (!core) return token;
        const lower = core.toLowerCase();
        if (CHAT_NOISE.has(stretched(lower))) return trail.replace(/[.,;:]/g, "");
        const spelled = CHAT_SPELLING[lower] ?? CHAT_SPELLING[stretched(lower)];
        if (spelled !== undefined) return `${lead}${spelled}${trail}`;
        return `${lead}${correctCommand(stretched(core))}${trail}`;
      })
      .join(" ")
      .replace(/\s+/g, " ")
      .trim()
  );
}
