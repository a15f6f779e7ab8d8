/**
 * intent + memory → the next message. Each intent has a small plan that looks at which tools already
 * ran for this student message and either asks for the next call or writes the reply. The plans
 * never read instructions from tool results: results only supply ids, names, prices and outcomes.
 */
import type { BaseMessage } from "@langchain/core/messages";
import { readConversation } from "./state/conversation.ts";
import { dialogueAt, type StoredDialogue, toStore } from "./state/dialogue.ts";
import * as say from "./replies.ts";
import { understand } from "./resolve-intent.ts";
import type { Decision, Intent } from "./types.ts";
import { planAdd } from "./policy/add.ts";
import { planSearch, planMenu } from "./policy/browse.ts";
import { planClear, planLineChange } from "./policy/cart.ts";
import {
  changeRequestedCheckout,
  guardedOutcome,
  pendingConflict,
  planAddress,
  planCheckout,
  planConfirm,
} from "./policy/checkout.ts";
import { call, type Ctx, lastDone, MAX_TOOL_CALLS_PER_TURN, type Plan, reply } from "./policy/context.ts";
import { planCancel, planStatus, planTrack } from "./policy/orders.ts";

export { MAX_TOOL_CALLS_PER_TURN } from "./policy/context.ts";

/** One understood request → its plan (the next tool calls, or the reply). */
function planFor(intent: Intent, ctx: Ctx): Plan {
  switch (intent.kind) {
    case "greeting":
      return reply(say.greeting());
    case "help":
      return reply(say.help());
    case "thanks":
      return reply(say.thanks());
    case "off_topic":
      return reply(say.offTopic());
    case "abuse":
      return reply(say.abuse());
    case "others_data":
      return reply(say.othersData());
    case "bypass":
      return reply(say.bypass());
    case "search":
      return planSearch(intent, ctx);
    case "menu":
      return planMenu(intent, ctx);
    case "add":
      return planAdd(intent, ctx);
    case "update":
    case "remove":
      return planLineChange(intent, ctx);
    case "clear":
      return planClear(ctx, pendingConflict(ctx));
    case "view_cart": {
      const viewed = lastDone(ctx, "view_cart");
      if (!viewed) return call("view_cart");
      if (viewed.error) return reply(say.couldNot("open your cart", viewed.error), "failed");
      return reply(viewed.extracted.cart ? say.cartSummary(viewed.extracted.cart) : "Your cart is empty.", "done");
    }
    case "checkout":
      return planCheckout(intent.address, intent.bypassAttempt === true, ctx);
    case "address":
      return planAddress(intent.address, ctx);
    case "confirm":
      return planConfirm(ctx, pendingConflict(ctx));
    case "reject":
      return pendingConflict(ctx) ? reply(say.cartKept(), "done") : reply(say.nothingToDo(), "done");
    case "order_status":
      return planStatus(intent, ctx);
    case "track":
      return planTrack(intent, ctx);
    case "cancel_order":
      return planCancel(intent, ctx);
    case "unknown":
      return reply(say.unknown());
  }
}

export interface PolicyOptions {
  /** Names of the tools the model may call (those bound to it). */
  tools: ReadonlySet<string>;
  /** The dialogue state the graph checkpointed after the previous model call, if any. */
  dialogue?: StoredDialogue | null;
}

export interface EngineDecision extends Decision {
  /** The state to checkpoint: as it stood when the student wrote the latest message (absent when that message has no id). */
  dialogue?: StoredDialogue;
}

const CART_CHANGING = new Set(["add", "update", "remove", "clear"]);

/**
 * The requests run in order. Each plan sees only the tool results of its own calls: a finished
 * plan's share is the shortest prefix of the turn's results after which it asks for nothing more.
 * The replies of finished requests are kept and joined; a request that asks or fails stops the rest.
 */
function runInOrder(intents: Intent[], ctx: Ctx): Plan {
  const texts: string[] = [];
  let start = 0;
  let last: Plan = reply("");
  for (const intent of intents) {
    const events = ctx.turnEvents.slice(start);
    const full = planFor(intent, { ...ctx, turnEvents: events });
    if (full.toolCalls.length) return { ...full, text: [...texts, full.text].filter(Boolean).join("\n") };
    let used = 0;
    while (used < events.length && planFor(intent, { ...ctx, turnEvents: events.slice(0, used) }).toolCalls.length)
      used++;
    start += used;
    texts.push(full.text);
    last = full;
    if (full.outcome === "asked" || full.outcome === "failed") break;
  }
  return { ...last, text: texts.filter(Boolean).join("\n") };
}

export function decide(messages: BaseMessage[], options: PolicyOptions): EngineDecision {
  const conv = readConversation(messages);
  const turn = conv.humans.length;
  if (turn === 0) return { text: say.greeting(), toolCalls: [] };
  const state = dialogueAt(conv, turn, options.dialogue);
  const dialogue = toStore(conv, turn, state);
  const stored = dialogue ? { dialogue } : {};
  const ctx: Ctx = {
    conv,
    memory: conv.memory,
    turn,
    turnEvents: conv.events.filter((e) => e.turn === turn),
    prevEvents: conv.events.filter((e) => e.turn === turn - 1),
    state,
  };

  const lastEvent = ctx.turnEvents.at(-1);
  let plan: Plan;
  if (conv.afterTool && lastEvent?.done && (lastEvent.name === "place_order" || lastEvent.name === "cancel_order")) {
    plan = guardedOutcome(lastEvent);
  } else if (conv.afterTool && ctx.turnEvents.length >= MAX_TOOL_CALLS_PER_TURN) {
    plan = reply(say.stuck(), "failed");
  } else {
    const intents = understand(conv.humans[turn - 1]!, ctx);
    plan = runInOrder(intents, ctx);
    // Changes asked for at the confirmation: once they are made, the order is proposed again.
    const resume = changeRequestedCheckout(ctx, messages);
    if (resume && intents.some((i) => CART_CHANGING.has(i.kind)) && plan.outcome === "done" && !plan.toolCalls.length) {
      plan = call("place_order", resume, say.updatedOrder(plan.text));
    }
  }

  const missing = plan.toolCalls.find((c) => !options.tools.has(c.name));
  if (missing) return { text: say.toolMissing(missing.name), toolCalls: [], ...stored };
  return { text: plan.text, toolCalls: plan.toolCalls, ...stored };
}
