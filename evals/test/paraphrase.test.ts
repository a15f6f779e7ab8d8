import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, gateKey, PARAPHRASE_DIR, readGate } from "../src/evaluate.ts";
import type { EvalPlatform } from "../src/platform.ts";
import { checkGate, oneLine } from "../src/report.ts";
import { loadScenarios } from "../src/scenario.ts";
import { startSuitePlatform } from "./suite-platform.ts";

let platform: EvalPlatform;
let bootSeconds = 0;

beforeAll(async () => {
  ({ platform, bootSeconds } = await startSuitePlatform({ AGENT_MODEL: "offline" }));
}, 240_000);

afterAll(async () => {
  await platform?.close();
});

// The paraphrase suite (paraphrase/README.md): wordings nobody tuned the offline model for, both
// halves, judged by their own gate (≥ 90%, no policy violation).
describe("the paraphrase suite", () => {
  it("passes its own gate with the offline model", async () => {
    const paraphrases = await loadScenarios(PARAPHRASE_DIR);
    expect(paraphrases.length).toBeGreaterThanOrEqual(80);
    const report = await evaluate({
      platform,
      scenarios: paraphrases,
      trials: 1,
      concurrency: 4,
      model: "offline",
      turnTimeoutMs: 60_000,
      bootSeconds,
    });
    const failed = report.results.filter((r) => !r.score.passed).map((r) => r.scenarioId);
    console.log(`paraphrase: ${oneLine(report)}; failed: ${failed.join(", ") || "none"}`);
    expect(checkGate(report, await readGate(gateKey("paraphrase", "offline")))).toEqual([]);
  }, 800_000);
});
