import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv as readAgentEnv, startAgentService } from "@ustbites/agent";
import { createApi } from "../src/api.ts";
import { evaluate, readGate, RESULTS_DIR, SCENARIOS_DIR } from "../src/evaluate.ts";
import type { EvalPlatform } from "../src/platform.ts";
import { checkGate, oneLine, writeReports, type SuiteReport } from "../src/report.ts";
import { loadCatalogue } from "../src/run-scenario.ts";
import { CORE_CATEGORIES, filterScenarios, loadScenarios, type Scenario } from "../src/scenario.ts";
import { lastTurn, startScriptedOpenAI, type Brain } from "./scripted-openai.ts";
import { startSuitePlatform } from "./suite-platform.ts";

// The CI gate: the whole main suite with the offline model, judged by gate.json. One platform serves
// both the suite and the deliberately broken agent below. The paraphrase and wire suites have files
// (and platforms) of their own, so the three run side by side.
let platform: EvalPlatform;
let bootSeconds = 0;
let scenarios: Scenario[];
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  scenarios = await loadScenarios(SCENARIOS_DIR);
  ({ platform, bootSeconds } = await startSuitePlatform({ AGENT_MODEL: "offline" }));
}, 240_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await platform?.close();
});

describe("the scenario suite", () => {
  it("has at least 60 scenarios, several in every category", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    for (const category of CORE_CATEGORIES)
      expect(scenarios.filter((s) => s.category === category).length, category).toBeGreaterThanOrEqual(4);
  });

  it("passes the gate with the offline model", async () => {
    const report = await evaluate({
      platform,
      scenarios,
      trials: 1,
      concurrency: 4,
      model: "offline",
      turnTimeoutMs: 60_000,
      bootSeconds,
    });
    const folder = await writeReports(RESULTS_DIR, report);
    console.log(`${oneLine(report)}\n(report: ${folder}/summary.md; boot ${bootSeconds.toFixed(1)} s)`);
    const failures = report.results
      .filter((r) => !r.score.passed)
      .map(
        (r) =>
          `${r.scenarioId}: ${[...r.score.failures.map((f) => `${f.name} ${f.detail ?? ""}`), ...r.score.violations.map((v) => `${v.rule} ${v.detail}`)].join("; ")}`,
      );
    expect(failures).toEqual([]);
    expect(checkGate(report, await readGate("offline"))).toEqual([]);
  }, 800_000);
});

describe("a deliberately broken agent fails the right scenarios", () => {
  let report: SuiteReport;
  let completions = 0;
  const result = (id: string) => report.results.find((r) => r.scenarioId === id)!.score;

  beforeAll(async () => {
    const katsu = (await loadCatalogue(createApi(platform.gatewayUrl))).get(
      "sakura ramen & sushi/chicken katsu curry",
    )!.id;
    // Careless: orders the wrong dish, guesses ids without searching, quotes prices it never saw,
    // and calls tools for anything. It still goes through the real graph, tools and guard.
    const careless: Brain = (messages) => {
      const { userText, afterTool } = lastTurn(messages);
      const text = userText.toLowerCase();
      if (afterTool?.name === "find_items") {
        const first = (afterTool.result as { items: { itemId: string }[] }).items[0]!;
        return { call: "add_to_cart", args: { itemId: first.itemId, quantity: 1 } };
      }
      if (afterTool?.name === "add_to_cart" && text.includes("katsu"))
        return { call: "place_order", args: { deliveryAddress: { building: "Hall 3" } } };
      if (afterTool?.name === "search_restaurants") return { say: "Bangkok Street has curries from HK$12.34." };
      if (afterTool) return { say: "Done." };
      if (text.includes("paneer")) return { call: "find_items", args: { q: "chicken tikka wrap" } };
      if (text.includes("katsu")) return { call: "add_to_cart", args: { itemId: katsu, quantity: 1 } };
      if (text.includes("deliver to"))
        return { call: "place_order", args: { deliveryAddress: { building: "Hall 5" } } };
      if (text.includes("thai") || text.includes("weather")) return { call: "search_restaurants", args: {} };
      return { say: "OK." };
    };
    const model = await startScriptedOpenAI(careless);
    closers.push(() => model.close());
    const dataDir = await mkdtemp(join(tmpdir(), "ustbites-broken-agent-"));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    const { services } = platform;
    const agent = await startAgentService(
      readAgentEnv({
        AGENT_MODEL: "openai-compatible",
        OPENAI_BASE_URL: model.url,
        OPENAI_API_KEY: "not-needed",
        PORT: "0",
        LOG_LEVEL: "error",
        DATA_DIR: dataDir,
        JWKS_URL: `${services.user}/.well-known/jwks.json`,
        RESTAURANT_URL: services.restaurant,
        CART_URL: services.cart,
        ORDER_URL: services.order,
        DELIVERY_URL: services.delivery,
      }),
    );
    closers.push(() => agent.close());
    const chosen = filterScenarios(scenarios, "paneer-wraps-no-onions,katsu-one-message,thai-restaurants,weather");
    report = await evaluate({
      platform,
      agentUrl: agent.address,
      scenarios: chosen,
      trials: 1,
      concurrency: 2,
      model: "careless",
      turnTimeoutMs: 30_000,
      bootSeconds: 0,
    });
    completions = model.completions();
  }, 120_000);

  it("fails the wrong dish on its end state and its arguments, without calling it a policy breach", () => {
    const score = result("paneer-wraps-no-onions");
    expect(score.passed).toBe(false);
    expect(score.success).toBe(false);
    expect(score.failures.map((f) => f.name)).toContain("1 new order(s) as expected");
    expect(score.arguments.accuracy).toBeLessThan(1);
    expect(score.violations).toEqual([]);
  });

  it("fails a guessed item id: the agent refuses an id no result showed, so nothing is ordered", () => {
    const score = result("katsu-one-message");
    expect(score.success).toBe(false);
    expect(score.toolUse.orderOk).toBe(false);
    expect(score.passed).toBe(false);
    const refused = report.results
      .find((r) => r.scenarioId === "katsu-one-message")!
      .trajectory.turns.flatMap((t) => t.events)
      .find((e) => e.type === "tool_result" && e.name === "add_to_cart");
    expect(refused).toMatchObject({ ok: false, result: { error: { code: "unknown_ref" } } });
  });

  it("flags a price no tool returned", () => {
    expect(result("thai-restaurants").violations.map((v) => v.rule)).toContain("invented-price");
  });

  it("flags a tool call for an off-topic message", () => {
    expect(result("weather").violations.map((v) => v.rule)).toContain("tool-call-off-topic");
  });

  it("counts the tokens the model reported on the wire, turn by turn", () => {
    // The scripted server reports 100 prompt and 10 completion tokens per completion.
    expect(completions).toBeGreaterThan(4);
    expect(report.tokens).toEqual({ input: 100 * completions, output: 10 * completions });
  });

  it("fails the gate", async () => {
    expect(report.failed).toBe(4);
    expect(checkGate(report, await readGate("offline"))).not.toEqual([]);
  });
});
