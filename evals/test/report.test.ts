import { describe, expect, it } from "vitest";
import { parseModelFlag } from "../src/model-flag.ts";
import { checkGate, oneLine, renderMarkdown, summarize, type Gate } from "../src/report.ts";
import type { TrialResult } from "../src/run-scenario.ts";
import { Scenario } from "../src/scenario.ts";
import { scoreTrial } from "../src/scorers/index.ts";
import { done, message, resolver, say, snapshot, THREAD, tool, trajectory, turn } from "./fixtures.ts";

const offTopic = Scenario.parse({
  id: "weather",
  category: "off-topic-abuse",
  description: "Off-topic: the weather.",
  turns: [{ say: "what's the weather?" }],
  expect: { newOrders: [] },
  forbid: { anyToolCall: true },
});

const trial = (n: number, calledATool: boolean): TrialResult => {
  const t = trajectory(
    turn(
      say("what's the weather?"),
      ...(calledATool ? tool("search_restaurants", {}, { restaurants: [] }) : []),
      message("Only food, sorry."),
      done,
    ),
  );
  return {
    scenarioId: "weather",
    category: "off-topic-abuse",
    trial: n,
    trajectory: t,
    score: scoreTrial(offTopic, t, snapshot(), resolver),
    turnMs: [120],
    setupMs: 5,
    wallMs: 130,
  };
};

const meta = {
  startedAt: "2026-11-22T05:00:00.000Z",
  model: "offline",
  mode: "embedded" as const,
  trialsPerScenario: 3,
  concurrency: 1,
  bootSeconds: 8,
  suiteSeconds: 2,
};
const gate: Gate = {
  minPassRate: 1,
  maxPolicyViolations: 0,
  minMeanToolPrecision: 0.9,
  minMeanToolRecall: 1,
  minMeanArgumentAccuracy: 1,
  maxSuiteSeconds: 240,
};

describe("reports", () => {
  it("computes pass^k per scenario: one failing trial of three fails pass^3", () => {
    const report = summarize([offTopic], [trial(1, false), trial(2, true), trial(3, false)], meta);
    expect(report.passHatK).toEqual({ "1": 2 / 3, "2": 1 / 3, "3": 0 });
    expect(report).toMatchObject({ passed: 0, failed: 1, policyViolations: 1 });
    expect(report.byCategory["off-topic-abuse"]).toMatchObject({ scenarios: 1, passed: 0, violations: 1 });
  });

  it("ends the stdout line with 'N passed, N failed'", () => {
    expect(oneLine(summarize([offTopic], [trial(1, false)], { ...meta, trialsPerScenario: 1 }))).toMatch(
      / 1 passed, 0 failed$/,
    );
    expect(oneLine(summarize([offTopic], [trial(1, true)], { ...meta, trialsPerScenario: 1 }))).toMatch(
      / 0 passed, 1 failed$/,
    );
  });

  it("shows each failure with the trajectory that failed", () => {
    const markdown = renderMarkdown(summarize([offTopic], [trial(1, true)], { ...meta, trialsPerScenario: 1 }));
    expect(markdown).toContain("### weather (trial 1)");
    expect(markdown).toContain("policy **tool-call-off-topic**");
    expect(markdown).toContain('Student says "what\'s the weather?"');
    expect(markdown).toContain("call `search_restaurants`");
  });

  it("adds up the tokens each turn reported, per trial and over the run, and prices them", () => {
    const counted = (n: number, input: number, output: number): TrialResult => {
      const t = trajectory(
        turn(say("what's the weather?"), message("Only food, sorry."), {
          type: "done",
          threadId: THREAD,
          usage: { inputTokens: input, outputTokens: output },
        }),
      );
      return { ...trial(n, false), trajectory: t };
    };
    const report = summarize([offTopic], [counted(1, 1000, 40), counted(2, 3000, 60)], {
      ...meta,
      trialsPerScenario: 2,
      prices: { input: 0.5, output: 2 },
    });
    expect(report.tokens).toEqual({ input: 4000, output: 100 });
    expect(report.costUsd).toBeCloseTo((4000 * 0.5 + 100 * 2) / 1_000_000, 12);
    expect(report.summaries[0]?.meanTokens).toEqual({ input: 2000, output: 50 });
    expect(renderMarkdown(report)).toContain("| tokens (input / output) | 4000 / 100 |");

    const silent = summarize([offTopic], [trial(1, false)], {
      ...meta,
      trialsPerScenario: 1,
      prices: { input: 0.5, output: 2 },
    });
    expect(silent).toMatchObject({ tokens: null, costUsd: null });
    expect(renderMarkdown(silent)).toContain("not reported by the model");
  });

  it("the gate fails on a failed scenario or a violation, and passes a clean run", () => {
    expect(checkGate(summarize([offTopic], [trial(1, false)], { ...meta, trialsPerScenario: 1 }), gate)).toEqual([]);
    const problems = checkGate(summarize([offTopic], [trial(1, true)], { ...meta, trialsPerScenario: 1 }), gate);
    expect(problems).toEqual(["pass rate 0.0% < 100.0%", "1 policy violation(s) > 0", "tool precision 0.000 < 0.9"]);
  });
});

describe("gates for real models", () => {
  const realGate: Gate = {
    minPassHatK: { k: 3, min: 0.9 },
    maxPolicyViolations: 0,
    minMeanToolPrecision: 0,
    minMeanToolRecall: 0,
    minMeanArgumentAccuracy: 0,
    maxSuiteSeconds: 1e9,
  };
  it("judges pass^k, and says so when the run had fewer trials than k", () => {
    expect(checkGate(summarize([offTopic], [trial(1, false)], { ...meta, trialsPerScenario: 1 }), realGate)).toEqual([
      "pass^3 needs --trials 3 or more (ran 1)",
    ]);
    const three = [trial(1, false), trial(2, false), trial(3, false)];
    expect(checkGate(summarize([offTopic], three, { ...meta, trialsPerScenario: 3 }), realGate)).toEqual([]);
  });
});

describe("--model", () => {
  it("maps each provider to the agent's variables, and refuses what cannot work", () => {
    expect(parseModelFlag("ollama:qwen2.5:7b-instruct@http://gpu:11434", {})).toEqual({
      kind: "ollama",
      env: { AGENT_MODEL: "ollama", OLLAMA_MODEL: "qwen2.5:7b-instruct", OLLAMA_HOST: "http://gpu:11434" },
    });
    expect(parseModelFlag("vllm:Qwen/Qwen2.5-7B-Instruct@http://gpu:8000/v1", {}).env).toEqual({
      AGENT_MODEL: "openai-compatible",
      OPENAI_MODEL: "Qwen/Qwen2.5-7B-Instruct",
      OPENAI_BASE_URL: "http://gpu:8000/v1",
    });
    expect(parseModelFlag(undefined, { AGENT_MODEL: "openai" }).kind).toBe("openai");
    expect(() => parseModelFlag("vllm:qwen", {})).toThrow(/needs the server/);
    expect(() => parseModelFlag("claude", {})).toThrow(/unknown --model/);
  });
});
