/** Where to deliver: "Hall 5 room 512", "deliver to LSK Business School, leave it at the door". */
import { cleanPhrase, stripEnding, titleCaseIfLower } from "../text.ts";
import type { Address } from "../types.ts";

/** "my hall", "the dorm", "my room": a place, but not one a courier can find. */
const VAGUE_PLACE =
  /^(?:(?:my|the|our)\s+)?(?:hall|halls|dorm|dormitory|room|place|house|home|residence|res|flat|apartment|building|hostel|usual place|usual)$/i;

export const isVaguePlace = (text: string) => VAGUE_PLACE.test(stripEnding(text).replace(/^(?:to|at)\s+/i, ""));

export function parseAddress(raw: string): Address | undefined {
  if (isVaguePlace(raw)) return undefined;
  let text = stripEnding(
    raw.replace(/^(?:the\s+)/i, "").replace(/[\s,]+(?:instead|now|asap|right now|please|thanks)[\s!.]*$/i, ""),
  );
  let instructions: string | undefined;
  const instr =
    /(?:[,;]|\s-)\s*((?:leave|call|knock|ring|text|meet|put|hang|don'?t|do not|drop it|outside|near|next to|by the|at the front)\b.*)$/i.exec(
      text,
    );
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
    // "ug hall 1 203": a room number straight after a numbered hall or block.
    /(?<=\b(?:hall|block|tower|house)\s*[\divx]+)\s+(\d{2,4}[a-z]?)\s*$/i,
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
  if (!building || building.length > 100 || /^(?:me|us|you|him|her|them|it|here|there|my place|home)$/i.test(building))
    return undefined;
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
