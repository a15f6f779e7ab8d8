import { fileURLToPath } from "node:url";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import type { ServiceName } from "@ustbites/contracts";
import { createLogger, createServiceVerifier, createTokenVerifier, type App } from "@ustbites/kit";
import { openDatabase, type Database } from "@ustbites/kit/db";
import { createTestDatabase, signTestServiceToken, type TestDatabase } from "@ustbites/kit/testing";
import { buildApp } from "../src/app.ts";
import { readEnv } from "../src/env.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { seedCatalogue } from "../src/seed/seed.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export interface TestDb {
  prisma: PrismaClient;
  db: Database;
  close(): Promise<void>;
}

/** A fresh, migrated database of this test file's own on the local PostgreSQL, dropped by close(). */
export async function openTestDatabase(): Promise<TestDb> {
  const testDb: TestDatabase = await createTestDatabase("restaurant");
  const db = await openDatabase({
    service: "restaurant",
    url: testDb.url,
    dataDir: "",
    migrationsDir: MIGRATIONS_DIR,
    migrate: true,
    log: createLogger("restaurant", "silent"),
    poolMax: 4,
  });
  const prisma = new PrismaClient(db.clientOptions);
  return {
    prisma,
    db,
    async close() {
      await prisma.$disconnect();
      await db.close();
      await testDb.drop();
    },
  };
}

export interface TestApp extends TestDb {
  app: App;
  /** A valid access token (a student's unless `claims` give a role), signed by the key the app trusts. */
  token(claims?: Record<string, string>): Promise<string>;
  /** A service token of `service` made out to `audience` (restaurant unless said), as user-service signs them. */
  serviceToken(service: ServiceName, audience?: ServiceName): Promise<string>;
  /** Moves the app's clock (for "open now"). */
  setNow(instant: Date): void;
}

/** The app on a seeded database, with a fixed clock and a local signing key instead of user-service's JWKS. */
export async function createTestApp(opts: { now?: Date } = {}): Promise<TestApp> {
  const testDb = await openTestDatabase();
  await seedCatalogue(testDb.prisma);
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const config = readEnv({ LOG_LEVEL: "silent" });
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "test", alg: "RS256" }] });
  const verifyToken = createTokenVerifier({ keys, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  const verifyService = createServiceVerifier({ keys, issuer: config.JWT_ISSUER, audience: "restaurant" });
  let now = opts.now ?? new Date("2026-11-23T05:00:00Z");
  const app = await buildApp({ prisma: testDb.prisma, db: testDb.db, config, verifyToken, verifyService, now: () => now });
  await app.ready();
  return {
    ...testDb,
    app,
    setNow(instant) {
      now = instant;
    },
    token: (claims = {}) =>
      new SignJWT({ email: "student@connect.ust.hk", name: "Student", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "test" })
        .setSubject("0196a4c0-0000-7000-8000-000000000001")
        .setIssuedAt()
        .setIssuer(config.JWT_ISSUER)
        .setAudience(config.JWT_AUDIENCE)
        .setExpirationTime("5m")
        .sign(privateKey),
    serviceToken: (service, audience = "restaurant") => signTestServiceToken({ privateKey, kid: "test", service, audience, issuer: config.JWT_ISSUER }),
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}
