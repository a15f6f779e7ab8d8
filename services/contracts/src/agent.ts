import { z } from "zod";
import { Cents, HumanText, IsoDateTime, Uuid, page } from "./common.ts";
import { DeliveryAddress } from "./orders.ts";
import { CardInput } from "./payments.ts";

export const CHAT_MESSAGE_MAX_LENGTH = 2000;

const ChatText = HumanText.trim()
  .min(1)
  .max(CHAT_MESSAGE_MAX_LENGTH)
  .describe(`What the student typed, 1..${CHAT_MESSAGE_MAX_LENGTH} characters.`);

export const ChatTurnBody = z.strictObject({
  threadId: Uuid.optional().describe("The thread to continue; absent starts a new thread."),
  message: ChatText,
});
export type ChatTurnBody = z.infer<typeof ChatTurnBody>;

export const ConfirmationDecision = z
  .enum(["approve", "reject", "change"])
  .describe("approve: go ahead; reject: do not; change: do not, and adjust as the message says.");
export type ConfirmationDecision = z.infer<typeof ConfirmationDecision>;

/** The student's answer to a pending confirmation. Refined, so zod 4 forbids `.pick()` on it. */
export const ResumeBody = z
  .strictObject({
    threadId: Uuid.describe("The thread waiting for a confirmation."),
    decision: ConfirmationDecision,
    message: ChatText.optional().describe("What to change (required with decision 'change')."),
    payment: CardInput.optional().describe(
      "The card to charge when approving a place_order, entered in the confirmation card. It goes to payment-service for this one order and is never shown to the model or stored by the agent.",
    ),
  })
  .refine((body) => body.decision !== "change" || body.message !== undefined, {
    message: "Say what to change.",
    path: ["message"],
  });
export type ResumeBody = z.infer<typeof ResumeBody>;

export const Thread = z.object({
  id: Uuid.describe("The thread's id."),
  title: z.string().describe("A short title, from the first message."),
  createdAt: IsoDateTime.describe("When the thread started."),
  updatedAt: IsoDateTime.describe("When it last changed."),
});
export type Thread = z.infer<typeof Thread>;

export const ThreadPage = page(Thread);
export type ThreadPage = z.infer<typeof ThreadPage>;

export const ToolCall = z.object({
  id: z.string().describe("The call's id, matched by its tool_result."),
  name: z.string().describe("The tool called, e.g. search_menu."),
  args: z.record(z.string(), z.unknown()).describe("The arguments the model gave."),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const ThreadMessageRole = z.enum(["user", "assistant", "tool"]).describe("Who wrote the message.");
export type ThreadMessageRole = z.infer<typeof ThreadMessageRole>;

export const ThreadMessage = z.object({
  role: ThreadMessageRole,
  content: z.string().describe("The text; for a tool message, its result as the model read it (short ids)."),
  result: z
    .unknown()
    .optional()
    .describe("For a tool message, its result as the tool's contract (tool-results.ts), with real ids."),
  ok: z.boolean().optional().describe("For a tool message, false when the call failed."),
  toolCalls: z.array(ToolCall).optional().describe("Tools the assistant called in this message."),
  toolName: z.string().optional().describe("For a tool message, the tool that produced it."),
  toolCallId: z.string().optional().describe("For a tool message, the call it answers."),
  at: IsoDateTime.describe("When the message was written."),
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;

export const ConfirmationItem = z.object({
  name: z.string().describe("The item's name."),
  quantity: z.number().int().positive().describe("How many."),
  notes: z.string().nullable().describe("Instructions for the kitchen, or null."),
  lineTotalCents: Cents.describe("The line's total in cents."),
});
export type ConfirmationItem = z.infer<typeof ConfirmationItem>;

const confirmationShape = {
  restaurantName: z.string().describe("The restaurant."),
  items: z.array(ConfirmationItem).describe("What is (or was) ordered."),
  subtotalCents: Cents.describe("Sum of the lines."),
  deliveryFeeCents: Cents.describe("The delivery fee."),
  totalCents: Cents.describe("The amount charged (or to be refunded on cancel)."),
  deliveryAddress: DeliveryAddress.describe("Where the order goes."),
  paymentMethod: z.string().describe("How it is paid, e.g. 'card ending 4242'."),
};

export const PlaceOrderConfirmation = z.object({
  kind: z.literal("place_order"),
  ...confirmationShape,
});
export const CancelOrderConfirmation = z.object({
  kind: z.literal("cancel_order"),
  orderId: Uuid.describe("The order to cancel."),
  ...confirmationShape,
});

/** What the graph shows when it interrupts before place_order or cancel_order. */
export const OrderConfirmation = z
  .discriminatedUnion("kind", [PlaceOrderConfirmation, CancelOrderConfirmation])
  .describe("The summary the student must approve before the order is placed or cancelled.");
export type OrderConfirmation = z.infer<typeof OrderConfirmation>;

export const ThreadDetail = z.object({
  thread: Thread.describe("The thread."),
  messages: z.array(ThreadMessage).describe("The conversation, oldest first."),
  pendingConfirmation: OrderConfirmation.nullable().describe("The confirmation the thread waits for, or null."),
});
export type ThreadDetail = z.infer<typeof ThreadDetail>;

/** Model tokens one turn used, summed over every model call in it. */
export const TurnUsage = z.object({
  inputTokens: z.number().int().min(0).describe("Prompt tokens."),
  outputTokens: z.number().int().min(0).describe("Completion tokens."),
});
export type TurnUsage = z.infer<typeof TurnUsage>;

/**
 * Why a turn ended without a reply: the model could not be reached (the classic app still works),
 * the turn ran out of time, another turn of the thread is still running, or anything else.
 */
export const TurnErrorCode = z.enum(["assistant_unavailable", "timeout", "busy", "failed"]);
export type TurnErrorCode = z.infer<typeof TurnErrorCode>;

/** One event of a chat turn's stream (SSE `data:` lines or WebSocket messages), in order. */
export const AgentStreamEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("token"), text: z.string().describe("The next piece of the assistant's reply.") }),
  z.object({
    type: z.literal("tool_call"),
    id: z.string().describe("The call's id."),
    name: z.string().describe("The tool called."),
    args: z.record(z.string(), z.unknown()).describe("Its arguments."),
  }),
  z.object({
    type: z.literal("tool_result"),
    id: z.string().describe("The call this answers."),
    name: z.string().describe("The tool."),
    ok: z.boolean().describe("False when the tool reported an expected failure."),
    result: z.unknown().describe("The tool's compact output."),
  }),
  z.object({
    type: z.literal("interrupt"),
    threadId: Uuid.describe("The thread now waiting; resume it with ResumeBody."),
    confirmation: OrderConfirmation.describe("The summary to show; the student answers approve, reject or change."),
  }),
  z.object({ type: z.literal("message"), content: z.string().describe("The assistant's complete reply.") }),
  z.object({
    type: z.literal("done"),
    threadId: Uuid.describe("The thread of this turn (new or continued)."),
    usage: TurnUsage.optional().describe("Model tokens this turn used; absent when the model reports none."),
  }),
  z.object({
    type: z.literal("error"),
    message: z.string().describe("What went wrong, for the student."),
    code: TurnErrorCode.optional().describe("Why the turn ended; assistant_unavailable: the classic app still works."),
  }),
]);
export type AgentStreamEvent = z.infer<typeof AgentStreamEvent>;
