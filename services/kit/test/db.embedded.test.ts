import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/index.ts";

const migrationsDir = path.join(import.meta.dirname, "fixtures/menu/prisma/migrations");
const silent = { info: () => {}, warn: () => {} };

/** Straight through the adapter's own pool: the one connection PGlite allows. */
async function run(db: Database, sql: string, args: unknown[] = []): Promise<unknown[][]> {
  const conn = await db.adapter.connect();
  const result = await conn.underlyingDriver().query({ text: sql, values: args, rowMode: "array" });
  return result.rows as unknown[][];
}

describe("openDatabase without a URL (embedded PGlite)", () => {
  let dataDir: string | undefined;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    "migrates, keeps its data across close and reopen, and records the history once",
    { timeout: 180_000 },
    async () => {
      dataDir = path.join(await mkdtemp(path.join(tmpdir(), "kit-pglite-")), "menu");
      const open = () =>
        openDatabase({ service: "menu", dataDir: dataDir!, migrationsDir, migrate: true, log: silent });

      const first = await open();
      expect(first.embedded).toBe(true);
      expect(first.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      await first.ping();
      await run(first, "insert into dishes (id, name, price_cents) values (gen_random_uuid(), $1, $2)", [
        "paneer wrap",
        450,
      ]);
      await first.close();

      const second = await open();
      try {
        const dishes = await run(second, "select name, price_cents from dishes");
        expect(dishes).toEqual([["paneer wrap", 450]]);
        const history = await run(second, "select migration_name from _prisma_migrations");
        expect(history).toEqual([["20261122035741_init"]]);
      } finally {
        await second.close();
      }
    },
  );
});
