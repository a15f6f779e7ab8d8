import { createService, createTokenVerifier, requireUser, type App } from "@ustbites/kit";
import type { Redis } from "ioredis";
import { createLocalJWKSet } from "jose";
import type { Logger } from "pino";
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { ServiceName } from "@ustbites/contracts";
import { createAccounts } from "./domain/accounts.ts";
import { createServiceTokens } from "./domain/service-tokens.ts";
import type { SigningKey } from "./domain/signing-key.ts";
import type { TokenSettings } from "./domain/tokens.ts";
import { createUserRepository } from "./repositories/users.ts";
import { adminRoutes } from "./routes/admin.ts";
import { traceRoutes } from "./routes/traces.ts";
import { authRoutes } from "./routes/auth.ts";
import { jwksRoutes } from "./routes/jwks.ts";
import { meRoutes } from "./routes/me.ts";
import { serviceTokenRoutes } from "./routes/service-tokens.ts";

export interface UserAppDeps {
  prisma: PrismaClient;
  key: SigningKey;
  tokens: TokenSettings;
  logLevel?: string;
  logger?: Logger;
  loginRateLimitPerMinute?: number;
  /** The Path of the refresh and CSRF cookies: the auth routes as browsers see them (`AUTH_COOKIE_PATH`). */
  cookiePath: string;
  /** Services that may get service tokens, with their secrets; none by default. */
  serviceCredentials?: ReadonlyMap<ServiceName, string>;
  /** Where rate-limit counters live, shared by every replica; unset: in this process. */
  redis?: Redis;
  readiness?: Record<string, () => Promise<unknown>>;
  now?: () => Date;
}

export async function buildApp(deps: UserAppDeps): Promise<App> {
  // user-service verifies its own tokens against its own key: no HTTP round trip to itself.
  const verify = createTokenVerifier({
    keys: createLocalJWKSet({ keys: [deps.key.publicJwk] }),
    issuer: deps.tokens.issuer,
    audience: deps.tokens.audience,
  });
  const app = await createService({
    name: "user",
    description: "Accounts, passwords, access and refresh tokens, and the JWKS other services verify against.",
    logLevel: deps.logLevel ?? "info",
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: deps.readiness ?? {},
    verifyToken: verify,
  });
  const accounts = createAccounts({
    users: createUserRepository(deps.prisma),
    key: deps.key,
    tokens: deps.tokens,
    now: deps.now ?? (() => new Date()),
  });
  await app.register(jwksRoutes, { key: deps.key });
  await app.register(authRoutes, {
    accounts,
    // The logout route is public at the door (a cookie sign-out has no access token) and asks for the
    // user itself when a body token is sent.
    requireUser: requireUser(verify),
    loginRateLimitPerMinute: deps.loginRateLimitPerMinute ?? 10,
    cookiePath: deps.cookiePath,
    ...(deps.redis ? { redis: deps.redis } : {}),
  });
  await app.register(meRoutes, { accounts });
  await app.register(adminRoutes, { accounts });
  await app.register(traceRoutes);
  await app.register(serviceTokenRoutes, {
    serviceTokens: createServiceTokens({
      key: deps.key,
      issuer: deps.tokens.issuer,
      credentials: deps.serviceCredentials ?? new Map(),
    }),
  });
  return app;
}
