/** What every plan works with: the conversation read so far, and the small vocabulary of answers. */
import type { Conversation, ErrorInfo, Memory, ToolEvent } from "../state/conversation.ts";
import type { DialogueState } from "../state/dialogue.ts";
import type { Decision, PlannedCall } from "../types.ts";

/** Tool calls one student message may lead to before the model stops and asks. */
export const MAX_TOOL_CALLS_PER_TURN = 8;

export type Outcome = "done" | "asked" | "failed";
export type Plan = Decision & { outcome?: Outcome };

export const reply = (text: string, outcome?: Outcome): Plan =>
  outcome ? { text, toolCalls: [], outcome } : { text, toolCalls: [] };
export const calls = (toolCalls: PlannedCall[], text = ""): Plan => ({ text, toolCalls });
export const call = (name: string, args: Record<string, unknown> = {}, text = ""): Plan =>
  calls([{ name, args }], text);

/**
 * A plan's answer: tool calls to make next, or the reply. `outcome` says how a finished plan ended
 * (done, asked the student something, or failed), so a message with several requests knows whether
 * to go on with the next one.
 */
export interface Ctx {
  conv: Conversation;
  memory: Memory;
  turn: number;
  /** Calls made for the current student message (done or not). */
  turnEvents: ToolEvent[];
  prevEvents: ToolEvent[];
  /** What the student can point at (state/dialogue.ts), as it stood when they wrote this message. */
  state: DialogueState;
}

export const done = (ctx: Ctx, name: string, pred: (e: ToolEvent) => boolean = () => true) =>
  ctx.turnEvents.filter((e) => e.done && e.name === name && pred(e));
export const lastDone = (ctx: Ctx, name: string, pred?: (e: ToolEvent) => boolean) => done(ctx, name, pred).at(-1);

/** A call of this turn that failed with this code: decisions read the contract's codes, never wording. */
export const failedWith = (event: ToolEvent | undefined, ...codes: ErrorInfo["code"][]): boolean =>
  event?.error !== undefined && codes.includes(event.error.code);
export const PRONOUN_ITEM = /^(?:it|that|this|them|those|these|one|that one|this one|the same|same)$/;
