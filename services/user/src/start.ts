import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createLogger, startService, startTracing } from "@ustbites/kit";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import { seedDemoAccounts } from "./domain/demo-accounts.ts";
import { loadSigningKey } from "./domain/signing-key.ts";
import type { UserConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { createUserRepository } from "./repositories/users.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** Opens the database, loads the signing key, serves. Used by main.ts and by the platform launcher. */
export function startUserService(config: UserConfig) {
  const log = createLogger("user", config.LOG_LEVEL);
  startTracing(config, "user", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({ service: "user", ...databaseOptions(config), migrationsDir: MIGRATIONS_DIR, log }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());
    if (config.DEMO_ACCOUNTS) await seedDemoAccounts(createUserRepository(prisma), log);
    const redis = config.REDIS_URL
      ? resources.hold(
          new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 3000 }),
          (r) => r.disconnect(),
        )
      : undefined;
    redis?.on("error", (err: Error) => log.warn({ err }, "redis connection error"));
    log.info(redis ? "rate limits counted in Redis" : "rate limits counted in this process (REDIS_URL unset)");
    const { key, generated } = await loadSigningKey({
      pem: config.JWT_PRIVATE_KEY,
      keyFile: join(config.DATA_DIR, "jwt-signing-key.pem"),
    });
    const app = resources.app(
      await buildApp({
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
      }),
    );
    if (generated)
      app.log.warn(
        { keyFile: join(config.DATA_DIR, "jwt-signing-key.pem") },
        "JWT_PRIVATE_KEY not set: generated a signing key for local use",
      );
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
