import { randomBytes } from "node:crypto";
import { dropDatabase, ensureDatabase, withDatabase } from "../db/postgres.ts";
import { testServerUrl } from "./env.ts";

export interface TestDatabase {
  /** URL of the new, empty database: pass it to `openDatabase({ url, migrate: true, ... })`. */
  url: string;
  name: string;
  /** Terminates its sessions and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * A fresh database `t_<service>_<random>` on TEST_DATABASE_URL's server (default the local
 * PostgreSQL), so every test file works on its own data.
 */
export async function createTestDatabase(service: string): Promise<TestDatabase> {
  const server = testServerUrl();
  const tag = service
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 30);
  const name = `t_${tag}_${randomBytes(6).toString("hex")}`;
  const url = withDatabase(server, name);
  await ensureDatabase(url);
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    drop() {
      dropped ??= dropDatabase(server, name);
      return dropped;
    },
  };
}
