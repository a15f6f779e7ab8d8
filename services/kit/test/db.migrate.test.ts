import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUrl, openDatabase, type DatabaseLogger } from "../src/db/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

const migrationsDir = path.join(import.meta.dirname, "fixtures/menu/prisma/migrations");

function recordingLog(): DatabaseLogger & { lines: { obj: object; msg?: string }[] } {
  const lines: { obj: object; msg?: string }[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ obj, msg }),
    warn: (obj, msg) => lines.push({ obj, msg }),
  };
}

function appliedIn(log: ReturnType<typeof recordingLog>): string[] {
  const line = log.lines.find((l) => "applied" in l.obj);
  return (line?.obj as { applied: string[] }).applied;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("openDatabase against PostgreSQL", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("kit_migrate");
  });
  afterAll(() => testDb.drop());

  it("applies the committed migrations to a fresh database, and a second apply changes nothing", async () => {
    const first = recordingLog();
    const db = await openDatabase({
      service: "menu",
      url: testDb.url,
      dataDir: "unused",
      migrationsDir,
      migrate: true,
      log: first,
    });
    expect(db.embedded).toBe(false);
    await db.ping();
    await db.close();
    expect(appliedIn(first)).toEqual(["20261122035741_init"]);
    expect(first.lines[0]?.obj).toMatchObject({
      service: "menu",
      database: "postgresql",
      ...describeUrl(testDb.url),
      db: testDb.name,
    });

    const columns = await query<{ column_name: string }>(
      testDb.url,
      "select column_name from information_schema.columns where table_name = 'dishes' order by ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual(["id", "name", "price_cents", "created_at"]);

    const second = recordingLog();
    const again = await openDatabase({
      service: "menu",
      url: testDb.url,
      dataDir: "unused",
      migrationsDir,
      migrate: true,
      log: second,
    });
    await again.close();
    expect(appliedIn(second)).toEqual([]);
    const history = await query<{ migration_name: string; finished_at: Date | null }>(
      testDb.url,
      "select migration_name, finished_at from _prisma_migrations",
    );
    expect(history).toHaveLength(1);
    expect(history[0]?.finished_at).not.toBeNull();
  });

  it("creates a missing database once when two services start at the same time", async () => {
    const url = testDb.url.replace(testDb.name, `${testDb.name}_race`);
    const open = () =>
      openDatabase({ service: "menu", url, dataDir: "unused", migrationsDir, migrate: true, log: recordingLog() });
    try {
      const dbs = await Promise.all([open(), open()]);
      await Promise.all(dbs.map((d) => d.close()));
      const history = await query<{ n: string }>(url, "select count(*) as n from _prisma_migrations");
      expect(history[0]?.n).toBe("1");
    } finally {
      await query(
        testDb.url.replace(testDb.name, "postgres"),
        `drop database if exists "${testDb.name}_race" with (force)`,
      );
    }
  });

  it("serves queries through the Prisma adapter's pool", async () => {
    const db = await openDatabase({
      service: "menu",
      url: testDb.url,
      dataDir: "unused",
      migrationsDir,
      migrate: false,
      log: recordingLog(),
    });
    try {
      const conn = await db.adapter.connect();
      const result = await conn.queryRaw({ sql: "select count(*)::int as n from dishes", args: [], argTypes: [] });
      expect(result.rows).toEqual([[0]]);
    } finally {
      await db.close();
    }
  });
});
