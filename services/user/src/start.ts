import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createLogger, startTracing } from "@ustbites/kit";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import { seedDemoAccounts } from "./domain/demo-accounts.ts";
import { loadSigningKey } from "./domain/signing-key.ts";
import type { UserConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { createUserRepository } from "./repositories/users.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** Opens the database, loads the signing key, serves. Used by main.ts and by the platform launcher. */
export async function startUserService(config: UserConfig) {
  const log = createLogger("user", config.LOG_LEVEL);
  startTracing(config, "user", log);
  const db = await openDatabase({
    service: "user",
    ...databaseOptions(config),
    migrationsDir: MIGRATIONS_DIR,
    log,
  });
  const prisma = new PrismaClient(db.clientOptions);
  if (config.DEMO_ACCOUNTS) await seedDemoAccounts(createUserRepository(prisma), log);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 3000 })
    : undefined;
  redis?.on("error", (err: Error) => log.warn({ err }, "redis connection error"));
  log.info(redis ? "rate limits counted in Redis" : "rate limits counted in this process (REDIS_URL unset)");
  const { key, generated } = await loadSigningKey({
    pem: config.JWT_PRIVATE_KEY,
    keyFile: join(config.DATA_DIR, "jwt-signing-key.pem"),
  });
  const app = await buildApp({
    prisma,
    key,
    tokens: {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      refreshAbsoluteTtlSeconds: config.REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS,
    },
    logger: log,
    loginRateLimitPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
    cookiePath: config.AUTH_COOKIE_PATH,
    ...(redis ? { redis } : {}),
    serviceCredentials: config.SERVICE_CREDENTIALS,
    readiness: { database: db.ping },
  });
  if (generated)
    app.log.warn(
      { keyFile: join(config.DATA_DIR, "jwt-signing-key.pem") },
      "JWT_PRIVATE_KEY not set: generated a signing key for local use",
    );
  app.addHook("onClose", async () => {
    await prisma.$disconnect();
    await db.close();
    redis?.disconnect();
  });
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  return { app, address, close: () => app.close() };
}
