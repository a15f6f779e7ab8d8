import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, readGate, SCENARIOS_DIR } from "../src/evaluate.ts";
import type { EvalPlatform } from "../src/platform.ts";
import { checkGate, oneLine } from "../src/report.ts";
import { loadScenarios } from "../src/scenario.ts";
import { startWireModel } from "../src/wire-model.ts";
import { startSuitePlatform } from "./suite-platform.ts";

// The real-model path in CI: the whole main suite with the agent on AGENT_MODEL=openai-compatible
// (ChatOpenAI, streaming), served by the offline model behind a server with OpenAI's rules and Qwen's
// habits (<think>, call_0 ids, Hermes text calls, numbers as strings). Any break in pairing,
// normalisation or coercion shows here as failed scenarios or a 400 from the server.
let platform: EvalPlatform;
let wire: Awaited<ReturnType<typeof startWireModel>>;

beforeAll(async () => {
  wire = await startWireModel();
  ({ platform } = await startSuitePlatform({
    AGENT_MODEL: "openai-compatible",
    OPENAI_BASE_URL: wire.url,
    OPENAI_MODEL: "Qwen/Qwen3-8B",
    MODEL_MAX_RETRIES: "0",
  }));
}, 240_000);

afterAll(async () => {
  await platform?.close();
  await wire?.close();
});

describe("the main suite over the OpenAI wire, with Qwen's habits", () => {
  it("passes the wire gate, and OpenAI's rules were never broken", async () => {
    const report = await evaluate({
      platform,
      scenarios: await loadScenarios(SCENARIOS_DIR),
      trials: 1,
      concurrency: 4,
      model: "wire",
      turnTimeoutMs: 60_000,
      bootSeconds: 0,
    });
    console.log(oneLine(report));
    const failures = report.results
      .filter((r) => !r.score.passed)
      .map(
        (r) =>
          `${r.scenarioId}: ${[...r.score.failures.map((f) => f.name), ...r.score.violations.map((v) => v.rule)].join("; ")}`,
      );
    expect(failures).toEqual([]);
    expect(checkGate(report, await readGate("wire"))).toEqual([]);
    expect(wire.requests.filter((r) => r.status !== 200).map((r) => r.error)).toEqual([]);
    // The habits were really exercised: replies with text-written calls and with reused ids went through.
    expect(wire.requests.length).toBeGreaterThan(200);
  }, 800_000);
});
