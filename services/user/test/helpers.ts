import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { REFRESH_TOKEN_TRANSPORT_HEADER, type ServiceName } from "@ustbites/contracts";
import { generateKeyPairSync } from "node:crypto";
import { createLogger, type App } from "@ustbites/kit";
import { openDatabase } from "@ustbites/kit/db";
import { createTestDatabase } from "@ustbites/kit/testing";
import { buildApp } from "../src/app.ts";
import { loadSigningKey } from "../src/domain/signing-key.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";

/** The cookies' Path, as behind the gateway. */
export const COOKIE_PATH = "/api/user/auth";

export const TOKENS = {
  issuer: "ustbites-user",
  audience: "ustbites",
  accessTtlSeconds: 900,
  refreshTtlSeconds: 86400,
  refreshAbsoluteTtlSeconds: 3 * 86400,
};

/** A user-service app on its own fresh PostgreSQL database, with its own signing key. */
export async function buildTestApp(
  opts: {
    loginRateLimitPerMinute?: number;
    now?: () => Date;
    redis?: Redis;
    serviceCredentials?: Map<ServiceName, string>;
  } = {},
) {
  const testDb = await createTestDatabase("user");
  const log = createLogger("user", "silent");
  const db = await openDatabase({
    service: "user",
    url: testDb.url,
    dataDir: "",
    migrationsDir: fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
    migrate: true,
    log,
    poolMax: 4,
  });
  const prisma = new PrismaClient(db.clientOptions);
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ format: "pem", type: "pkcs8" })
    .toString();
  const { key } = await loadSigningKey({ pem, keyFile: "" });
  const app: App = await buildApp({
    prisma,
    key,
    tokens: TOKENS,
    cookiePath: COOKIE_PATH,
    logger: log,
    readiness: { database: db.ping },
    ...(opts.loginRateLimitPerMinute ? { loginRateLimitPerMinute: opts.loginRateLimitPerMinute } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.redis ? { redis: opts.redis } : {}),
    ...(opts.serviceCredentials ? { serviceCredentials: opts.serviceCredentials } : {}),
  });
  await app.ready();
  return {
    app,
    prisma,
    key,
    async close() {
      await app.close();
      await prisma.$disconnect();
      await db.close();
      await testDb.drop();
    },
  };
}

/** What a client without a cookie jar sends at sign-in to get the refresh token in the body. */
export const BODY_TRANSPORT = { [REFRESH_TOKEN_TRANSPORT_HEADER]: "body" };

let counter = 0;
export const uniqueEmail = () => `student${Date.now()}${counter++}@connect.ust.hk`;
export const STRONG_PASSWORD = "mango-lassi-at-seafront";
