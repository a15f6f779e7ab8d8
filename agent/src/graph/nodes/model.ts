import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, isHumanMessage, isToolMessage, SystemMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { SYSTEM_PROMPT } from "../../prompts.ts";
import type { AgentStateType, AgentStateUpdate } from "../state.ts";

/** Tool rounds since the student's last message: a model stuck in a loop stops here, not at the bill. */
function toolRoundsThisTurn(state: AgentStateType): number {
  let rounds = 0;
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const message = state.messages[i]!;
    if (isHumanMessage(message)) break;
    if (isToolMessage(message)) rounds++;
  }
  return rounds;
}

export function createModelNode(model: BaseChatModel, tools: StructuredToolInterface[], maxToolCallsPerTurn: number) {
  if (!model.bindTools) throw new Error(`model ${model._llmType()} cannot call tools`);
  const bound = model.bindTools(tools);
  return async (state: AgentStateType, config: RunnableConfig): Promise<AgentStateUpdate> => {
    if (toolRoundsThisTurn(state) >= maxToolCallsPerTurn) {
      return {
        messages: [new AIMessage("I couldn't finish that in a reasonable number of steps. Could you say it another way, or in smaller steps?")],
      };
    }
    const response = await bound.invoke([new SystemMessage(SYSTEM_PROMPT), ...state.messages], config);
    return { messages: [response] };
  };
}
