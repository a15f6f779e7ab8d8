import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

const exec = promisify(execFile);
const cli = path.join(import.meta.dirname, "../src/db/cli.ts");
const fixture = path.join(import.meta.dirname, "fixtures/menu");

/** Runs the bin the way npm scripts do: Node 24, cwd = the service folder. */
function ustbitesDb(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return exec(process.execPath, [cli, ...args], { cwd, env: { ...process.env, DATABASE_URL: "", ...env } });
}

describe("ustbites-db diff and migrate", () => {
  let dir: string;
  let testDb: TestDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "kit-diff-"));
    await cp(path.join(fixture, "prisma"), path.join(dir, "prisma"), { recursive: true });
    testDb = await createTestDatabase("kit_diff");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  it("says 'no changes' when schema.prisma matches the last migration", { timeout: 120_000 }, async () => {
    const { stdout } = await ustbitesDb(dir, ["diff", "nothing"]);
    expect(stdout.trim()).toBe("no changes");
    expect(await readdir(path.join(dir, "prisma/migrations"))).toEqual(["20261122035741_init", "migration_lock.toml"]);
  });

  // Four runs of the CLI, each a Node process loading Prisma's schema engine: 13 s at load 3,
  // past two minutes under a full npm test.
  it("writes a migration for an added column that migrate then applies", { timeout: 300_000 }, async () => {
    const schemaPath = path.join(dir, "prisma/schema.prisma");
    const schema = await readFile(schemaPath, "utf8");
    const changed = schema.replace("  priceCents Int", "  vegetarian Boolean @default(false)\n  priceCents Int");
    expect(changed).not.toBe(schema);
    await writeFile(schemaPath, changed);

    const { stdout } = await ustbitesDb(dir, ["diff", "Add vegetarian flag"]);
    expect(stdout).toMatch(/^created prisma\/migrations\/\d{14}_add_vegetarian_flag/);
    const created = (await readdir(path.join(dir, "prisma/migrations"))).filter((n) =>
      n.endsWith("_add_vegetarian_flag"),
    );
    expect(created).toHaveLength(1);
    const migrationDir = path.join(dir, "prisma/migrations", created[0]!);
    const sql = await readFile(path.join(migrationDir, "migration.sql"), "utf8");
    expect(sql).toContain('ALTER TABLE "dishes" ADD COLUMN     "vegetarian" BOOLEAN NOT NULL DEFAULT false;');
    expect(sql).not.toContain("CREATE TABLE");
    expect(await readFile(path.join(migrationDir, "schema.prisma.snapshot"), "utf8")).toBe(changed);
    expect((await ustbitesDb(dir, ["diff", "again"])).stdout.trim()).toBe("no changes");

    const first = await ustbitesDb(dir, ["migrate"], { DATABASE_URL: testDb.url });
    expect(first.stdout).toContain(`applied 20261122035741_init, ${created[0]}`);
    const second = await ustbitesDb(dir, ["migrate"], { DATABASE_URL: testDb.url });
    expect(second.stdout).toContain("is up to date");

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "select column_default from information_schema.columns where table_name = 'dishes' and column_name = 'vegetarian'",
      );
      expect(rows).toEqual([{ column_default: "false" }]);
    } finally {
      await client.end();
    }
  });

  it("refuses to diff when the last migration has no datamodel snapshot", { timeout: 120_000 }, async () => {
    const other = await mkdtemp(path.join(tmpdir(), "kit-diff-nosnap-"));
    try {
      await cp(path.join(fixture, "prisma"), path.join(other, "prisma"), { recursive: true });
      await rm(path.join(other, "prisma/migrations/20261122035741_init/schema.prisma.snapshot"));
      await expect(ustbitesDb(other, ["diff", "x"])).rejects.toMatchObject({
        stderr: expect.stringContaining("schema.prisma.snapshot is missing"),
      });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
