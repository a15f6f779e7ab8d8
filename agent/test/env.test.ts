import { describe, expect, it } from "vitest";
import { readEnv } from "../src/env.ts";

describe("the agent's configuration", () => {
  it("refuses a configuration that cannot work, naming the variable", () => {
    expect(() => readEnv({ AGENT_MODEL: "openai" })).toThrow(/OPENAI_API_KEY/);
    expect(() => readEnv({ AGENT_MODEL: "openai-compatible" })).toThrow(/OPENAI_BASE_URL/);
    expect(() => readEnv({ AGENT_MODEL: "claude" })).toThrow(/AGENT_MODEL/);
    expect(() => readEnv({ AGENT_MODEL: "ollama", OLLAMA_NUM_CTX: "2048" })).toThrow(/OLLAMA_NUM_CTX/);
  });

  it("gives each provider its own input budget, which AGENT_MAX_INPUT_TOKENS overrides", () => {
    expect(readEnv({}).AGENT_MAX_INPUT_TOKENS).toBe(16_000);
    expect(readEnv({ AGENT_MODEL: "ollama" }).AGENT_MAX_INPUT_TOKENS).toBe(6_000);
    expect(
      readEnv({ AGENT_MODEL: "openai-compatible", OPENAI_BASE_URL: "http://gpu:8000/v1" }).AGENT_MAX_INPUT_TOKENS,
    ).toBe(12_000);
    expect(readEnv({ AGENT_MODEL: "ollama", AGENT_MAX_INPUT_TOKENS: "3000" }).AGENT_MAX_INPUT_TOKENS).toBe(3_000);
  });
});
