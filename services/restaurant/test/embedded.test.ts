import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MenuItemPage, RestaurantPage } from "@ustbites/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { readEnv } from "../src/env.ts";
import { startRestaurantService } from "../src/start.ts";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("startRestaurantService without DATABASE_URL", () => {
  // Two embedded starts are CPU-bound wasm: ~6 s alone, and CI saw over 60 s with every suite running.
  it(
    "migrates and seeds an embedded PGlite with pg_trgm, serves typo-tolerant search, and restarts on the same data",
    { timeout: 180_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "restaurant-embedded-"));
      dirs.push(dataDir);
      const config = readEnv({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" });

      const first = await startRestaurantService(config);
      const found = RestaurantPage.parse(await fetch(`${first.address}/restaurants?q=biryni`).then((r) => r.json()));
      expect(found.items[0]?.slug).toBe("spice-route");
      const naan = MenuItemPage.parse(
        await fetch(`${first.address}/items?q=garlic%20nan&limit=1`).then((r) => r.json()),
      );
      await first.close();

      const second = await startRestaurantService(config);
      const again = MenuItemPage.parse(
        await fetch(`${second.address}/items?q=garlic%20nan&limit=1`).then((r) => r.json()),
      );
      expect(await fetch(`${second.address}/readyz`).then((r) => r.status)).toBe(200);
      await second.close();
      expect(again.items[0]?.id).toBe(naan.items[0]?.id);
      expect(again.total).toBe(naan.total);
    },
  );
});
