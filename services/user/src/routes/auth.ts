import rateLimit from "@fastify/rate-limit";
import type { Redis } from "ioredis";
import { z } from "zod";
import { AuthResponse, LoginBody, LogoutBody, Problem, RefreshBody, RegisterBody, PROBLEM_TYPES } from "@ustbites/contracts";
import { currentUser, HttpProblem, type App } from "@ustbites/kit";
import { REDIS_KEY_PREFIXES } from "@ustbites/kit/deployables";
import type { preHandlerAsyncHookHandler } from "fastify";
import type { Accounts } from "../domain/accounts.ts";

export interface AuthRoutesOptions {
  accounts: Accounts;
  requireUser: preHandlerAsyncHookHandler;
  /** Per account; one address may make ten times as many attempts (a campus NAT holds many students). */
  loginRateLimitPerMinute: number;
  redis?: Redis;
}

const emailOf = (request: { body: unknown }) => String((request.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();

const tooManyAttempts = (ttlMs: number) =>
  new HttpProblem(429, "Too Many Requests", {
    type: PROBLEM_TYPES.rateLimited,
    detail: `Too many attempts; try again in ${Math.ceil(ttlMs / 1000)} s`,
    headers: { "retry-after": String(Math.ceil(ttlMs / 1000)) },
  });

const problems = { 400: Problem, 401: Problem, 409: Problem, 429: Problem };

export async function authRoutes(app: App, opts: AuthRoutesOptions): Promise<void> {
  const { accounts } = opts;
  await app.register(rateLimit, {
    global: false,
    // In Redis when configured, so every replica counts together; keys are the real client address
    // (request.ip: one trusted proxy hop, see kit's createService) or the account.
    ...(opts.redis ? { redis: opts.redis, nameSpace: REDIS_KEY_PREFIXES.user } : {}),
    // After parsing, so the login limit can key on the email in the body.
    hook: "preHandler",
    errorResponseBuilder: (_request, context) => tooManyAttempts(context.ttl),
  });
  // A second counter on the login route (the plugin applies one limit per route).
  const perAccount = app.createRateLimit({ max: opts.loginRateLimitPerMinute, timeWindow: 60_000, keyGenerator: (request) => `account|${emailOf(request)}` });

  app.post(
    "/auth/register",
    { schema: { tags: ["auth"], body: RegisterBody, response: { 201: AuthResponse, ...problems } } },
    async (request, reply) => reply.status(201).send(await accounts.register(request.body)),
  );

  app.post(
    "/auth/login",
    {
      schema: { tags: ["auth"], body: LoginBody, response: { 200: AuthResponse, ...problems } },
      // Two limits: per account (a guesser rotating addresses is still stopped on each account) and,
      // looser, per address (one address trying many accounts), so one student behind the campus NAT
      // cannot lock out everyone else.
      preHandler: async (request) => {
        const limit = await perAccount(request);
        if (!limit.isAllowed && limit.isExceeded) throw tooManyAttempts(limit.ttl);
      },
      config: { rateLimit: { max: opts.loginRateLimitPerMinute * 10, timeWindow: 60_000, keyGenerator: (request) => `address|${request.ip}` } },
    },
    async (request) => accounts.login(request.body),
  );

  app.post(
    "/auth/refresh",
    {
      schema: { tags: ["auth"], body: RefreshBody, response: { 200: AuthResponse, ...problems } },
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
    },
    async (request) => accounts.refresh(request.body.refreshToken),
  );

  app.post(
    "/auth/logout",
    {
      preHandler: opts.requireUser,
      schema: { tags: ["auth"], security: [{ bearer: [] }], body: LogoutBody, response: { 204: z.null().describe("Signed out"), ...problems } },
    },
    async (request, reply) => {
      await accounts.logout(request.body.refreshToken, currentUser(request).id);
      return reply.status(204).send(null);
    },
  );
}
