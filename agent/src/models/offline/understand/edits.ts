/** Changes to the cart's lines ("make it 3", "remove the lassi", "no onions on the wrap") and menu requests. */
import { cleanPhrase } from "../text.ts";
import type { Intent } from "../types.ts";
import { parseQuantity, QUANTITY_PATTERN as N } from "./quantity.ts";
import { PRONOUN } from "./search.ts";

function pronounOrUndefined(target: string | undefined): string | undefined {
  if (!target) return undefined;
  const t = cleanPhrase(
    target
      .replace(/^(?:the|my|that|those|this|these)\s+/, "")
      .replace(/\s+(?:please|instead|anymore|any more|too)$/, ""),
  );
  if (!t || PRONOUN.test(t) || t === "quantity" || t === "qty" || t === "amount") return undefined;
  return t;
}

export function parseUpdate(lower: string): Intent | undefined {
  const notesOn =
    /^(no|without|extra|less|more|light on|hold the)\s+(.+?)\s+(?:on|in|for|to|with)\s+((?:the|my|that|those|this|these)\s+.+|it|them)$/.exec(
      lower,
    );
  if (notesOn && !/^(?:side|cart|basket|order)$/.test(notesOn[3]!)) {
    return {
      kind: "update",
      target: pronounOrUndefined(notesOn[3]),
      notes: cleanPhrase(`${notesOn[1]} ${notesOn[2]}`),
    };
  }
  const makeNotes =
    /^(?:make|have|can you make|please make)\s+(?:the|my|that|those|this|it|them)\s*(.*?)\s*(extra spicy|less spicy|not spicy|not too spicy|mild|spicier|without .+|with no .+|with less .+|with extra .+|no .+|less .+|extra .+|\d+ ?% .+|half .+)$/.exec(
      lower,
    );
  if (makeNotes) {
    const notes = makeNotes[2]!.replace(/^spicier$/, "extra spicy").replace(/^with (no|less|extra) /, "$1 ");
    return { kind: "update", target: pronounOrUndefined(makeNotes[1]), notes };
  }
  const noteFor =
    /^(?:add|put|leave)\s+(?:a\s+)?notes?\s*(?:to|on|for)?\s*(?:the\s+|my\s+)?(.*?)\s*(?::|,|saying|that says|-)\s*(.+)$/.exec(
      lower,
    );
  if (noteFor) return { kind: "update", target: pronounOrUndefined(noteFor[1]), notes: cleanPhrase(noteFor[2]!) };
  const noteBare =
    /^(?:add|put|leave)\s+(?:a\s+)?notes?\s+(?:(?:to|on|for)\s+(?:the\s+|my\s+)?(.+?)\s+)?(?:saying\s+)?((?:no|without|extra|less|more|half|light|\d+ ?%)\b.*)$/.exec(
      lower,
    );
  if (noteBare) return { kind: "update", target: pronounOrUndefined(noteBare[1]), notes: cleanPhrase(noteBare[2]!) };
  // "actually normal ice is fine for the lassi": the old note gives way to the new one.
  const fine =
    /^(?:actually\s+|oh\s+)?(.+?)\s+(?:is|are)\s+(?:fine|ok|okay|good|better)\s+(?:for|on|with)\s+(?:the|my)\s+(.+)$/.exec(
      lower,
    );
  if (fine)
    return { kind: "update", target: pronounOrUndefined(fine[2]), notes: cleanPhrase(fine[1]!), replaceNotes: true };

  const makeIt = new RegExp(
    `^(?:make|change|update|set|turn)\\s+(?:it|that|them|those|this|the (?:quantity|qty|amount|number))\\s+(?:to\\s+|into\\s+)?(${N})\\b\\s*(.*)$`,
  ).exec(lower);
  if (makeIt) return { kind: "update", target: pronounOrUndefined(makeIt[2]), quantity: parseQuantity(makeIt[1]!) };
  const changeTo = new RegExp(
    `^(?:change|update|set|make|increase|decrease|reduce|bump|lower|raise|up)\\s+(?:the\\s+|my\\s+)?(.+?)\\s+(?:quantity\\s+|qty\\s+|order\\s+)?(?:to|into|up to|down to)\\s+(${N})\\b`,
  ).exec(lower);
  if (changeTo)
    return { kind: "update", target: pronounOrUndefined(changeTo[1]), quantity: parseQuantity(changeTo[2]!) };
  // "make the lassi 2", "change my wrap 3": the count right after the dish.
  const bareCount = new RegExp(`^(?:make|change|update|set)\\s+(?:the|my)\\s+(.+?)\\s+(${N})$`).exec(lower);
  if (bareCount)
    return { kind: "update", target: pronounOrUndefined(bareCount[1]), quantity: parseQuantity(bareCount[2]!) };
  const only = new RegExp(`^(?:i\\s+)?(?:actually\\s+)?(?:only|just)\\s+(?:want|need|get)?\\s*(${N})\\s+(.+?)$`).exec(
    lower,
  );
  if (only) return { kind: "update", target: pronounOrUndefined(only[2]), quantity: parseQuantity(only[1]!) };
  const instead = new RegExp(`^(?:i\\s+want\\s+|let'?s do\\s+|make it\\s+)?(${N})\\s+(.*?)\\s*instead\\b`).exec(lower);
  if (instead) return { kind: "update", target: pronounOrUndefined(instead[2]), quantity: parseQuantity(instead[1]!) };
  return undefined;
}

export function parseRemove(lower: string): Intent | undefined {
  const patterns: RegExp[] = [
    new RegExp(
      `^(?:please\\s+)?(?:remove|delete|drop|take out|get rid of|cancel|scrap|ditch|lose|skip)\\s+(?:(${N})\\s+(?:of\\s+)?)?(.+?)(?:\\s+(?:from|off|out of)\\s+(?:my\\s+|the\\s+)?(?:cart|basket|order))?$`,
    ),
    new RegExp(`^take\\s+(?:(${N})\\s+(?:of\\s+)?)?(.+?)\\s+(?:off|out)\\b.*$`),
    new RegExp(
      `^(?:i\\s+)?(?:don'?t|do not|no longer)\\s+(?:want|need)\\s+(?:(${N})\\s+(?:of\\s+)?)?(.+?)(?:\\s+(?:anymore|any more))?$`,
    ),
    new RegExp(`^no more\\s+()(.+)$`),
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(lower);
    if (!m) continue;
    const target = m[2] ?? "";
    if (/\b(?:order|everything|all)\b/.test(target) && !/\bthe .+ from\b/.test(target)) continue;
    const intent: Intent = {
      kind: "remove",
      target: pronounOrUndefined(target.replace(/^(?:the|my|that|those|this)\s+/, "")),
    };
    if (m[1]) intent.quantity = parseQuantity(m[1]);
    return intent;
  }
  return undefined;
}

export function parseMenu(lower: string): Intent | undefined {
  const tail = (s: string | undefined) => {
    if (!s) return undefined;
    const t = cleanPhrase(
      s
        .replace(/^(?:the|their|your|a|this)\s+/, "")
        .replace(/(?:'s|s')$/, "")
        .replace(/\s+(?:menu|have|serve|offer)$/, ""),
    );
    return t && !/^(?:it|them|there|they|here|this place|that place|the menu)$/.test(t) ? t : undefined;
  };
  if (/\bmenu\b/.test(lower)) {
    const after = /\bmenu\s+(?:at|for|of|from|in)\s+(.+)$/.exec(lower);
    if (after) return { kind: "menu", restaurant: tail(after[1]) };
    const before =
      /^(?:.*?\b(?:show me|show|see|view|open|get|give me|can i see|let me see|what'?s on|what is on|check|read)\s+)?(?:the\s+)?(.+?)(?:'s|s')?\s+menu\b/.exec(
        lower,
      );
    const name = tail(before?.[1]);
    return name && !/^(?:what|whats|what's|show|see|view|full|whole|the|a|your)$/.test(name)
      ? { kind: "menu", restaurant: name }
      : { kind: "menu" };
  }
  const m =
    /\bwhat (?:does|do|can i get at|is there at|'?s good at|'?s at) (.+?)(?: (?:have|serve|sell|offer|got|make|do))?$/.exec(
      lower,
    ) ??
    /\bwhat(?:'s| is) (?:good |there |available |on offer )?(?:at|in) (.+)$/.exec(lower) ??
    /\bwhat can i (?:get|order) (?:at|from) (.+)$/.exec(lower) ??
    /\b(?:show me|list|see) (?:the )?(?:items|dishes|food) (?:at|from|of) (.+)$/.exec(lower);
  if (m) return { kind: "menu", restaurant: tail(m[1]) };
  return undefined;
}
