import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCENARIOS_DIR } from "../src/evaluate.ts";
import { filterScenarios, isExclusive, loadScenarios, ScenarioFileError } from "../src/scenario.ts";

describe("scenario files", () => {
  it("all validate, with unique ids", async () => {
    const scenarios = await loadScenarios(SCENARIOS_DIR);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
    expect(
      scenarios
        .filter(isExclusive)
        .map((s) => s.id)
        .sort(),
    ).toEqual(["cart-item-sold-out-at-checkout", "lassi-made-unavailable"]);
  });

  it("names the file and the field of an invalid scenario", async () => {
    const dir = await mkdtemp(join(tmpdir(), "evals-scenarios-"));
    try {
      await writeFile(
        join(dir, "bad.yaml"),
        "id: bad\ncategory: browse-search\ndescription: x\nturns: []\nexpect: {}\n",
      );
      await expect(loadScenarios(dir)).rejects.toThrow(ScenarioFileError);
      await expect(loadScenarios(dir)).rejects.toThrow(/bad\.yaml: turns:/);
      await writeFile(
        join(dir, "bad.yaml"),
        "id: bad\ncategory: browse-search\ndescription: x\nturns: [{say: hi}]\nexpect: {}\nsetup: {cart: [{item: Paneer}]}\n",
      );
      await expect(loadScenarios(dir)).rejects.toThrow(
        /setup\.cart\.0\.item: an item is named 'Restaurant Name\/Item Name'/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--filter takes a category, an id or an id prefix", async () => {
    const scenarios = await loadScenarios(SCENARIOS_DIR);
    expect(filterScenarios(scenarios, "cart-conflict").every((s) => s.category === "cart-conflict")).toBe(true);
    expect(filterScenarios(scenarios, "weather").map((s) => s.id)).toEqual(["weather"]);
    expect(filterScenarios(scenarios, "other-").length).toBeGreaterThanOrEqual(4);
  });
});
