import rateLimit from "@fastify/rate-limit";
import { z } from "zod";
import { AuthResponse, LoginBody, LogoutBody, Problem, RefreshBody, RegisterBody, PROBLEM_TYPES } from "@ustbites/contracts";
import { currentUser, HttpProblem, type App } from "@ustbites/kit";
import type { preHandlerAsyncHookHandler } from "fastify";
import type { Accounts } from "../domain/accounts.ts";

export interface AuthRoutesOptions {
  accounts: Accounts;
  requireUser: preHandlerAsyncHookHandler;
  loginRateLimitPerMinute: number;
}

const problems = { 400: Problem, 401: Problem, 409: Problem, 429: Problem };

export async function authRoutes(app: App, opts: AuthRoutesOptions): Promise<void> {
  const { accounts } = opts;
  await app.register(rateLimit, {
    global: false,
    // After parsing, so the login limit can key on the email in the body.
    hook: "preHandler",
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(429, "Too Many Requests", {
        type: PROBLEM_TYPES.rateLimited,
        detail: `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`,
        headers: { "retry-after": String(Math.ceil(context.ttl / 1000)) },
      }),
  });

  app.post(
    "/auth/register",
    { schema: { tags: ["auth"], body: RegisterBody, response: { 201: AuthResponse, ...problems } } },
    async (request, reply) => reply.status(201).send(await accounts.register(request.body)),
  );

  app.post(
    "/auth/login",
    {
      schema: { tags: ["auth"], body: LoginBody, response: { 200: AuthResponse, ...problems } },
      config: {
        // Per address *and* account: one student behind the campus NAT cannot lock out everyone, and a
        // guesser rotating addresses is still limited per account.
        rateLimit: {
          max: opts.loginRateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase()}`,
        },
      },
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
