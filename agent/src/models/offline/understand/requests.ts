/**
 * Several requests in one message, in the order they were asked: "add a mango lassi then check
 * out", "remove the lassi and add two samosas", "scrap all that, i want 2 ramen instead and check
 * out to Hall 1", "yes please but make it two". A message is cut only where a connector ("then",
 * "and", "but", a comma) is followed by the start of another command, so "2 wraps, no onions" and
 * "wraps and a lassi" stay one request.
 */

/** How a request starts: a cart or order command, not a dish or a note. */
const COMMAND_START =
  "(?:add|also add|remove|delete|take out|take off|drop|clear|empty|scrap|check ?out|checkout|place (?:the |my )?order|make it|make that|change|i want|i'?ll have|i'?d like|get me|give me|order|show me|tell me|what'?s (?:the|my) total|how much|cancel|view|see my cart|put|leave a note|(?:no|without|extra|less|more|hold the)\\s+[a-z]+(?:\\s+[a-z]+)?\\s+(?:on|in|for)\\s+(?:it|them|that|those|the|my)\\b)\\b";

const CUT = new RegExp(
  [
    // "X then Y", "X, then Y", "X and then Y": always a new request.
    `\\s*,?\\s+(?:and\\s+)?then\\s+(?=\\S)`,
    // "X; Y"
    `\\s*;\\s*`,
    // "X and Y", "X, Y", "X but Y", "X so Y": only when Y is a command.
    `\\s*(?:,\\s*(?:and\\s+|but\\s+)?|\\s+(?:and|but|so|plus)\\s+)(?=${COMMAND_START})`,
  ].join("|"),
  "i",
);

/** The message's requests, in order; a message with one request comes back whole. */
export function splitRequests(text: string): string[] {
  const parts = text
    .split(CUT)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length ? parts : [text];
}
