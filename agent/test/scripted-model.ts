import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";

/** What the scripted model says next, given the conversation so far. */
export type Script = (messages: BaseMessage[]) => AIMessage;

/**
 * A model that says exactly what a test scripts: used to prove the graph, not the model, enforces the
 * rules (e.g. a model that calls place_order straight away still cannot order without approval).
 */
export class ScriptedChatModel extends BaseChatModel {
  private readonly script: Script;
  calls = 0;
  constructor(script: Script) {
    super({});
    this.script = script;
  }
  _llmType() {
    return "scripted";
  }
  override bindTools() {
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.calls++;
    const message = this.script(messages);
    return { generations: [{ text: typeof message.content === "string" ? message.content : "", message }] };
  }
  override async *_streamResponseChunks(messages: BaseMessage[]) {
    const { generations } = await this._generate(messages);
    const message = generations[0]!.message as AIMessage;
    yield new ChatGenerationChunk({
      text: typeof message.content === "string" ? message.content : "",
      message: new AIMessageChunk({
        id: message.id ?? `scripted-${this.calls}`,
        content: message.content,
        tool_call_chunks: (message.tool_calls ?? []).map((c, index) => ({
          id: c.id,
          name: c.name,
          args: JSON.stringify(c.args),
          index,
          type: "tool_call_chunk" as const,
        })),
        ...(message.usage_metadata ? { usage_metadata: message.usage_metadata } : {}),
        // Where providers report the model that answered and why it stopped (test/tracing.test.ts reads them).
        response_metadata: message.response_metadata,
      }),
    });
  }
}

let n = 0;
export const toolCallMessage = (name: string, args: Record<string, unknown>) =>
  new AIMessage({ id: `ai-${++n}`, content: "", tool_calls: [{ id: `call-${n}`, name, args, type: "tool_call" }] });
export const textMessage = (content: string) => new AIMessage({ id: `ai-${++n}`, content });
/** The same message, reporting token usage as a real model's would. */
export const withUsage = (message: AIMessage, input: number, output: number) =>
  new AIMessage({
    ...message,
    usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output },
  });
