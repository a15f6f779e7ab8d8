import { AIMessage, isAIMessage, isHumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { LLMResult } from "@langchain/core/outputs";
import { mergeConfigs } from "@langchain/core/runnables";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { fitHistory, type Budget } from "../../context/budget.ts";
import { normalizeModelOutput } from "../../models/normalize/output.ts";
import { classifyModelError, ModelUnavailableError, type ModelProvider } from "../../models/provider.ts";
import type { StoredDialogue } from "../../models/offline/index.ts";
import type { ToolDefinition } from "../../models/tool-definitions.ts";
import { SYSTEM_PROMPT } from "../../prompts.ts";
import { inChatSpan, threadIdOf } from "../../telemetry.ts";
import type { AgentStateType, AgentStateUpdate } from "../state.ts";
import { announce } from "../tool-runner.ts";

export const STEP_LIMIT_REPLY =
  "I couldn't finish that in a reasonable number of steps. Could you say it another way, or in smaller steps?";

/** Rounds of tool calls since the student's last message: a model stuck in a loop stops here, not at the bill. */
function toolRoundsThisTurn(messages: BaseMessage[]): number {
  let rounds = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (isHumanMessage(message)) break;
    if (isAIMessage(message) && message.tool_calls?.length) rounds++;
  }
  return rounds;
}

const callIds = (messages: BaseMessage[]) =>
  new Set(messages.flatMap((m) => (isAIMessage(m) ? (m.tool_calls ?? []).map((c) => c.id ?? "") : [])));

/**
 * Streamed replies carry why the model stopped (finish_reason "length": cut off) in the generation,
 * not the message. Awaited, so it is known when the call returns (callbacks run in the background).
 */
class FinishReason extends BaseCallbackHandler {
  name = "ustbites-finish-reason";
  override awaitHandlers = true;
  reason: unknown;
  override handleLLMEnd(output: LLMResult) {
    this.reason = output.generations[0]?.[0]?.generationInfo?.finish_reason;
  }
}

export interface ModelNodeDeps {
  provider: ModelProvider;
  tools: ToolDefinition[];
  budget: Budget;
  maxToolRounds: number;
}

/**
 * One model call: the history fitted to the budget, the provider's answer normalised (see
 * models/normalize/output.ts) so that the stored history is one every provider accepts.
 */
export function createModelNode(deps: ModelNodeDeps) {
  const toolNames = new Set(deps.tools.map((t) => t.function.name));
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentStateUpdate> => {
    if (toolRoundsThisTurn(state.messages) >= deps.maxToolRounds)
      return { messages: [new AIMessage(STEP_LIMIT_REPLY)] };
    const history = await fitHistory(state.messages, deps.budget);
    const finish = new FinishReason();
    // Only the offline model reads and writes the dialogue state; other providers get no such option.
    const options = {
      ...mergeConfigs(config, { callbacks: [finish] }),
      ...(deps.provider.kind === "offline" ? { dialogue: state.dialogue } : {}),
    };
    const reply: AIMessage = await inChatSpan(
      { provider: deps.provider.kind, model: deps.provider.model, threadId: threadIdOf(config) },
      async () => {
        try {
          return await deps.provider
            .call(deps.tools, config.signal)
            .invoke([new SystemMessage(SYSTEM_PROMPT), ...history], options);
        } catch (err) {
          if (config.signal?.aborted) throw err;
          // Classified inside the span, so its error.type is the failure's kind.
          throw new ModelUnavailableError(classifyModelError(err), deps.provider.kind, err);
        }
      },
      (answer) => {
        const meta = (answer.response_metadata ?? {}) as Record<string, unknown>;
        return {
          // OpenAI names the model that answered `model_name`, Ollama `model`.
          model: meta.model_name ?? meta.model,
          finishReason: finish.reason ?? meta.finish_reason ?? meta.done_reason,
          usage: answer.usage_metadata,
        };
      },
    );
    if (finish.reason !== undefined)
      reply.response_metadata = { ...reply.response_metadata, finish_reason: finish.reason };
    const { dialogue, ...metadata } = reply.response_metadata ?? {};
    reply.response_metadata = metadata;
    const { message, answered } = normalizeModelOutput(reply, {
      toolNames,
      seenCallIds: callIds(state.messages),
      newCallId: () => crypto.randomUUID().slice(0, 8),
    });
    // Calls answered here (botched ones) are announced like any other, so the app pairs their results.
    for (const result of answered) {
      const call = message.tool_calls?.find((c) => c.id === result.tool_call_id);
      if (call) announce(config, call, call.args);
    }
    return { messages: [message, ...answered], ...(dialogue ? { dialogue: dialogue as StoredDialogue } : {}) };
  };
}
