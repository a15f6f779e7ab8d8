import { fileURLToPath } from "node:url";
import type { ServiceName } from "@ustbites/contracts";
import { createServiceVerifier, createTokenVerifier, type App } from "@ustbites/kit";
import {
  createTestKeys,
  openTestDatabase as openKitTestDatabase,
  type OpenedTestDatabase,
  type TestClaims,
} from "@ustbites/kit/testing";
import { buildApp } from "../src/app.ts";
import { readEnv } from "../src/env.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { seedCatalogue } from "../src/seed/seed.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export type TestDb = OpenedTestDatabase<PrismaClient>;

/** A fresh, migrated database of this test file's own on the local PostgreSQL, dropped by close(). */
export const openTestDatabase = (): Promise<TestDb> =>
  openKitTestDatabase({
    service: "restaurant",
    migrationsDir: MIGRATIONS_DIR,
    client: (options) => new PrismaClient(options),
  });

export interface TestApp extends TestDb {
  app: App;
  /** A valid access token (a student's unless `claims` give a role), signed by the key the app trusts. */
  token(claims?: TestClaims): Promise<string>;
  /** A service token of `service` made out to `audience` (restaurant unless said), as user-service signs them. */
  serviceToken(service: ServiceName, audience?: ServiceName): Promise<string>;
  /** Moves the app's clock (for "open now"). */
  setNow(instant: Date): void;
}

/** The app on a seeded database, with a fixed clock and a local signing key instead of user-service's JWKS. */
export async function createTestApp(opts: { now?: Date } = {}): Promise<TestApp> {
  const testDb = await openTestDatabase();
  await seedCatalogue(testDb.prisma);
  const keys = await createTestKeys();
  const config = readEnv({ LOG_LEVEL: "silent" });
  const verifyToken = createTokenVerifier({
    keys: keys.keys,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const verifyService = createServiceVerifier({ keys: keys.keys, issuer: config.JWT_ISSUER, audience: "restaurant" });
  let now = opts.now ?? new Date("2026-11-23T05:00:00Z");
  const app = await buildApp({
    prisma: testDb.prisma,
    db: testDb.db,
    config,
    verifyToken,
    verifyService,
    now: () => now,
  });
  await app.ready();
  return {
    ...testDb,
    app,
    setNow(instant) {
      now = instant;
    },
    token: (claims = {}) => keys.token("0196a4c0-0000-7000-8000-000000000001", claims),
    serviceToken: (service, audience = "restaurant") => keys.serviceToken(service, audience),
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}
