import { O200K, qwenTokenizer, SYSTEM_PROMPT, toolDefinitions, type Tokenizer } from "@ustbites/agent";
import { createTools } from "@ustbites/tools";
import type { Row } from "./stats.ts";

/** What every model call pays before the conversation's first word (issue 11 caps it at 1,500). */
export const FIXED_PROMPT_BUDGET = 1500;

export interface PromptCost {
  tokenizer: Tokenizer["name"];
  system: number;
  tools: number;
  total: number;
}

/** The system prompt and the 13 tool schemas as sent, counted with each real tokenizer. */
export function measurePromptCost(): PromptCost[] {
  const { tools } = createTools({
    urls: {
      restaurant: "http://127.0.0.1:9",
      cart: "http://127.0.0.1:9",
      order: "http://127.0.0.1:9",
      delivery: "http://127.0.0.1:9",
    },
  });
  const definitions = toolDefinitions(tools);
  return [O200K, qwenTokenizer()].map((tokenizer) => {
    const system = tokenizer.count(SYSTEM_PROMPT);
    const schemas = definitions.reduce((sum, d) => sum + tokenizer.count(JSON.stringify(d)), 0);
    return { tokenizer: tokenizer.name, system, tools: schemas, total: system + schemas };
  });
}

export const promptCostRows = (costs: PromptCost[]): Row[] =>
  costs.map((c) => ({
    tokenizer: c.tokenizer,
    "system prompt": String(c.system),
    "13 tool schemas": String(c.tools),
    total: String(c.total),
    budget: String(FIXED_PROMPT_BUDGET),
    within: c.total <= FIXED_PROMPT_BUDGET ? "yes" : "NO",
  }));
