import { AIMessage, ToolMessage, type BaseMessage, type ToolCall } from "@langchain/core/messages";
import type { ToolError } from "@ustbites/contracts";
import { messageText } from "../../messages.ts";
import { extractTextToolCalls } from "./text-tool-calls.ts";
import { stripThinking } from "./think.ts";

export interface NormalizeOptions {
  /** The tools offered, for calls written as text. */
  toolNames: ReadonlySet<string>;
  /** Call ids already used in this thread: a server that numbers calls per reply (`call_0`) repeats them. */
  seenCallIds: ReadonlySet<string>;
  newCallId: () => string;
}

interface Call {
  name: string;
  args: Record<string, unknown>;
  id?: string | undefined;
  /** Why the call cannot run, for the model. */
  problem?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The arguments as the model wrote them, by call id and by position. */
function rawArguments(reply: AIMessage): Map<string | number, string> {
  const out = new Map<string | number, string>();
  const chunks =
    "tool_call_chunks" in reply && Array.isArray(reply.tool_call_chunks)
      ? (reply.tool_call_chunks as { id?: string; args?: string }[])
      : [];
  const wire = (reply.additional_kwargs?.tool_calls ?? []) as { id?: string; function?: { arguments?: string } }[];
  const pieces = chunks.length
    ? chunks.map((c) => ({ id: c.id, args: c.args }))
    : wire.map((c) => ({ id: c.id, args: c.function?.arguments }));
  pieces.forEach((piece, i) => {
    if (typeof piece.args !== "string") return;
    out.set(i, piece.args);
    if (piece.id) out.set(piece.id, piece.args);
  });
  return out;
}

function strictCall(name: string, id: string | undefined, args: string): Call {
  // No arguments at all is a call without arguments, not a broken one.
  if (!args.trim()) return { name, id, args: {} };
  try {
    const parsed: unknown = JSON.parse(args);
    if (isRecord(parsed)) return { name, id, args: parsed };
  } catch {
    // reported below
  }
  return {
    name,
    id,
    args: {},
    problem: `your arguments were not a complete JSON object, so nothing ran; call ${name} again with valid JSON`,
  };
}

const errorContent = (code: ToolError["error"]["code"], message: string) =>
  JSON.stringify({ error: { code, message } } satisfies ToolError);

/** Why the provider stopped writing: OpenAI says `finish_reason`, Ollama `done_reason`. */
const finishReason = (message: BaseMessage): unknown => {
  const meta = (message.response_metadata ?? {}) as { finish_reason?: unknown; done_reason?: unknown };
  return meta.finish_reason ?? meta.done_reason;
};

/**
 * A model's reply as the graph stores it, whatever the provider wrote: no `<think>` text, calls
 * written as text turned into real calls, every call with a unique id, and every call the model
 * botched (arguments that are not JSON, a reply cut off mid-call) already answered with an error it
 * can fix, so that each call in the history has exactly one result, as OpenAI requires.
 */
export function normalizeModelOutput(
  reply: AIMessage,
  opts: NormalizeOptions,
): { message: AIMessage; answered: ToolMessage[] } {
  let text = stripThinking(messageText(reply));
  const raw = rawArguments(reply);
  let calls: Call[] = [
    // LangChain "repairs" cut-off JSON ('{"quantity": 2' → {quantity: 2}); what the model wrote decides.
    ...(reply.tool_calls ?? []).map((c, i) =>
      strictCall(c.name, c.id, raw.get(c.id ?? "") ?? raw.get(i) ?? JSON.stringify(c.args)),
    ),
    // A call LangChain could not read: often only its id is missing.
    ...(reply.invalid_tool_calls ?? []).map((c) => strictCall(c.name ?? "unknown", c.id, c.args ?? "")),
  ];
  if (calls.length === 0) {
    const found = extractTextToolCalls(text, opts.toolNames);
    calls = found.calls;
    text = found.text;
  }
  const truncated = finishReason(reply) === "length";

  const used = new Set(opts.seenCallIds);
  const toolCalls: ToolCall[] = [];
  const answered: ToolMessage[] = [];
  for (const call of calls) {
    let id = call.id ?? "";
    if (!id || used.has(id)) id = call.id ? `${call.id}_${opts.newCallId()}` : `call_${opts.newCallId()}`;
    used.add(id);
    toolCalls.push({ id, name: call.name, args: call.problem || truncated ? {} : call.args, type: "tool_call" });
    const problem = truncated
      ? "your reply was cut off before this call was complete, so nothing ran; call it again, keeping the reply short"
      : call.problem;
    if (problem) {
      answered.push(
        new ToolMessage({
          tool_call_id: id,
          name: call.name,
          status: "error",
          content: errorContent(truncated ? "truncated" : "bad_arguments", problem),
        }),
      );
    }
  }

  const message = new AIMessage({
    ...(reply.id ? { id: reply.id } : {}),
    content: text,
    tool_calls: toolCalls,
    ...(reply.usage_metadata ? { usage_metadata: reply.usage_metadata } : {}),
    response_metadata: reply.response_metadata ?? {},
  });
  return { message, answered };
}
