import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../src/testing/index.ts";

const admin = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

async function exists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return (await client.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  it("creates a database of its own per call and drops it even while a session is still open", async () => {
    const a = await createTestDatabase("kit-testing");
    const b = await createTestDatabase("kit-testing");
    expect(a.name).toMatch(/^t_kit_testing_[0-9a-f]{12}$/);
    expect(a.name).not.toBe(b.name);
    expect(await exists(a.name)).toBe(true);

    const lingering = new pg.Client({ connectionString: a.url });
    lingering.on("error", () => {});
    await lingering.connect();
    await a.drop();
    await b.drop();
    await a.drop();
    expect(await exists(a.name)).toBe(false);
    expect(await exists(b.name)).toBe(false);
    await lingering.end().catch(() => {});
  });
});
