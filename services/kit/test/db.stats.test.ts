import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { databaseStatementCounts, openDatabase, type Database } from "../src/db/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

// The benchmarks' SQL budget per order is read from these counts, so they must match what was sent.
let testDb: TestDatabase;
let db: Database;
const service = `kit-stats-${Date.now()}`;

beforeAll(async () => {
  testDb = await createTestDatabase("kit-stats");
  const silent = { info: () => {}, warn: () => {} };
  db = await openDatabase({
    service,
    url: testDb.url,
    dataDir: await mkdtemp(join(tmpdir(), "kit-stats-")),
    migrationsDir: "unused",
    migrate: false,
    log: silent,
  });
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

it("counts each statement a service's pool sends, and a transaction per BEGIN or lone statement", async () => {
  const before = databaseStatementCounts()[service] ?? { statements: 0, transactions: 0 };
  await db.pool.query("select 1");
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("select 2");
    await client.query({ text: "select $1::int", values: [3] });
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  const after = databaseStatementCounts()[service];
  expect(after).toEqual({ statements: before.statements + 5, transactions: before.transactions + 2 });
});
