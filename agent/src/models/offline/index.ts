import { createHash } from "node:crypto";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import {
  AIMessage,
  AIMessageChunk,
  type BaseMessage,
  isAIMessage,
  isToolMessage,
  type ToolCall,
} from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { messagesTokens, O200K } from "../../context/tokens.ts";
import { decide, type EngineDecision } from "./engine.ts";
import { messageText } from "./state/conversation.ts";
import type { StoredDialogue } from "./state/dialogue.ts";

export { decide, MAX_TOOL_CALLS_PER_TURN } from "./engine.ts";
export { parseIntent } from "./understand/intents.ts";
export type { StoredDialogue } from "./state/dialogue.ts";

/**
 * `dialogue`: the state the graph checkpointed after the previous call (graph/state.ts). The reply
 * carries the state to checkpoint next in `response_metadata.dialogue`; the model node moves it
 * into the graph's state. Without it the state is folded from the messages alone.
 */
export interface OfflineCallOptions extends BaseChatModelCallOptions {
  dialogue?: StoredDialogue | null;
}

/** A bound tool as the model knows it: its name and the argument names its schema allows. */
export interface OfflineToolSpec {
  name: string;
  /** The schema's top-level properties; undefined when the schema could not be read (then args pass as planned). */
  argNames?: ReadonlySet<string>;
}

export interface OfflineChatModelParams extends BaseChatModelParams {
  tools?: OfflineToolSpec[];
}

function toolSpec(tool: BindToolsInput): OfflineToolSpec {
  const fn = convertToOpenAITool(tool).function;
  const properties = (fn.parameters as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? { name: fn.name, argNames: new Set(Object.keys(properties)) } : { name: fn.name };
}

/** The conversation's content (not message ids, which the graph assigns at random) as a stable digest. */
function conversationDigest(messages: BaseMessage[]): string {
  const canonical = messages.map((m) => [
    m.getType(),
    messageText(m),
    isAIMessage(m) ? (m.tool_calls ?? []).map((c) => [c.id, c.name, c.args]) : [],
    isToolMessage(m) ? m.tool_call_id : "",
  ]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/**
 * The `offline` model: deterministic and rules-based, with no network and no randomness. It reads
 * the student's messages for intent and earlier tool results for names and ids (never for
 * instructions), calls only the tools bound to it, streams text word by word and tool calls as
 * tool_call_chunks, and reports estimated token usage. See README.md in this folder.
 */
export class OfflineChatModel extends BaseChatModel<OfflineCallOptions> {
  readonly boundTools: OfflineToolSpec[];

  constructor(fields: OfflineChatModelParams = {}) {
    super(fields);
    this.boundTools = fields.tools ?? [];
  }

  static override lc_name() {
    return "OfflineChatModel";
  }

  _llmType() {
    return "offline";
  }

  override bindTools(tools: BindToolsInput[]): OfflineChatModel {
    return new OfflineChatModel({ tools: tools.map(toolSpec) });
  }

  /** The next message for this conversation: the same conversation always gives the same message. */
  respond(messages: BaseMessage[], dialogue?: StoredDialogue | null): AIMessage {
    const specs = new Map(this.boundTools.map((t) => [t.name, t]));
    const decision: EngineDecision = decide(messages, { tools: new Set(specs.keys()), dialogue: dialogue ?? null });
    const digest = conversationDigest(messages);
    const toolCalls: ToolCall[] = decision.toolCalls.map((planned, i) => {
      const allowed = specs.get(planned.name)?.argNames;
      const args = allowed
        ? Object.fromEntries(Object.entries(planned.args).filter(([key]) => allowed.has(key)))
        : planned.args;
      return { id: `call_${digest.slice(0, 20)}_${i}`, name: planned.name, args, type: "tool_call" };
    });
    // Counted as gpt-4o would count them (o200k), so budgets and reports mean the same as for a real model.
    const inputTokens = messagesTokens(messages, O200K);
    const outputTokens =
      O200K.count(decision.text) +
      (toolCalls.length ? O200K.count(JSON.stringify(toolCalls.map((c) => ({ name: c.name, arguments: c.args })))) : 0);
    return new AIMessage({
      id: `offline-${digest.slice(0, 24)}`,
      content: decision.text,
      tool_calls: toolCalls,
      usage_metadata: {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
      },
      response_metadata: {
        model_name: "offline",
        finish_reason: toolCalls.length ? "tool_calls" : "stop",
        ...(decision.dialogue ? { dialogue: decision.dialogue } : {}),
      },
    });
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const message = this.respond(messages, options.dialogue);
    const usage = message.usage_metadata!;
    return {
      generations: [{ text: String(message.content), message }],
      llmOutput: {
        tokenUsage: {
          promptTokens: usage.input_tokens,
          completionTokens: usage.output_tokens,
          totalTokens: usage.total_tokens,
        },
      },
    };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const message = this.respond(messages, options.dialogue);
    const id = message.id;
    const text = String(message.content);
    for (const word of text.match(/\S+\s*|\s+/g) ?? []) {
      const chunk = new ChatGenerationChunk({ text: word, message: new AIMessageChunk({ id, content: word }) });
      yield chunk;
      // Handing the chunk (with its message id) lets LangGraph's "messages" stream match it to the
      // final message instead of emitting that message a second time.
      await runManager?.handleLLMNewToken(word, undefined, undefined, undefined, undefined, { chunk });
    }
    const calls = message.tool_calls ?? [];
    const last = new ChatGenerationChunk({
      text: "",
      message: new AIMessageChunk({
        id,
        content: "",
        tool_call_chunks: calls.map((c, index) => ({
          id: c.id,
          name: c.name,
          args: JSON.stringify(c.args),
          index,
          type: "tool_call_chunk",
        })),
        usage_metadata: message.usage_metadata,
        response_metadata: message.response_metadata,
      }),
    });
    yield last;
    await runManager?.handleLLMNewToken("", undefined, undefined, undefined, undefined, { chunk: last });
  }
}
