import rateLimit from "@fastify/rate-limit";
import type { Redis } from "ioredis";
import { z } from "zod";
import {
  AuthResponse,
  CSRF_HEADER,
  CsrfTokenResponse,
  LoginBody,
  LogoutBody,
  Problem,
  RefreshBody,
  RegisterBody,
  SignInHeaders,
  PROBLEM_TYPES,
  REFRESH_TOKEN_TRANSPORT_HEADER,
  type RefreshTokenTransport,
} from "@ustbites/contracts";
import { currentUser, HttpProblem, type App } from "@ustbites/kit";
import { REDIS_KEY_PREFIXES } from "@ustbites/kit/deployables";
import type { FastifyReply, preHandlerAsyncHookHandler } from "fastify";
import type { Accounts, SignedIn } from "../domain/accounts.ts";
import { registerRefreshCookie } from "../plugins/refresh-cookie.ts";

export interface AuthRoutesOptions {
  accounts: Accounts;
  requireUser: preHandlerAsyncHookHandler;
  /** Per account; one address may make ten times as many attempts (a campus NAT holds many students). */
  loginRateLimitPerMinute: number;
  redis?: Redis;
  /** The auth routes' path as browsers see it (behind the gateway: `/api/user/auth`); the cookies' Path. */
  cookiePath: string;
}

const transportOf = (headers: SignInHeaders): RefreshTokenTransport =>
  headers[REFRESH_TOKEN_TRANSPORT_HEADER] ?? "cookie";

const emailOf = (request: { body: unknown }) =>
  String((request.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();

const tooManyAttempts = (ttlMs: number) =>
  new HttpProblem(429, "Too Many Requests", {
    type: PROBLEM_TYPES.rateLimited,
    detail: `Too many attempts; try again in ${Math.ceil(ttlMs / 1000)} s`,
    headers: { "retry-after": String(Math.ceil(ttlMs / 1000)) },
  });

const problems = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 429: Problem };

export async function authRoutes(app: App, opts: AuthRoutesOptions): Promise<void> {
  const { accounts } = opts;
  const cookies = await registerRefreshCookie(app, { path: opts.cookiePath });
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
  const perAccount = app.createRateLimit({
    max: opts.loginRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `account|${emailOf(request)}`,
  });

  /**
   * A sign-in's answer. By default the refresh token becomes the httpOnly cookie and stays out of the
   * body, where a script could read it; a client that asked for `body` (or refreshed with a body
   * token) gets it in the body and no cookie.
   */
  const answer = (reply: FastifyReply, transport: RefreshTokenTransport, signedIn: SignedIn): AuthResponse => {
    const { accessToken, refreshToken, tokenType, expiresIn } = signedIn.tokens;
    if (transport === "body") return { user: signedIn.user, tokens: signedIn.tokens };
    cookies.set(reply, refreshToken, signedIn.refreshExpiresAt);
    return { user: signedIn.user, tokens: { accessToken, tokenType, expiresIn } };
  };

  app.get(
    "/auth/csrf",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        description: `A CSRF token for this browser, to send as the ${CSRF_HEADER} header of a refresh or sign-out by cookie.`,
        response: { 200: CsrfTokenResponse },
      },
    },
    async (_request, reply) => {
      // Per browser, not per response: no shared cache may hand one browser's token to another.
      reply.header("cache-control", "no-store");
      return { csrfToken: cookies.csrfToken(reply) };
    },
  );

  app.post(
    "/auth/register",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        headers: SignInHeaders,
        body: RegisterBody,
        response: { 201: AuthResponse, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(answer(reply, transportOf(request.headers), await accounts.register(request.body))),
  );

  app.post(
    "/auth/login",
    {
      schema: { tags: ["auth"], headers: SignInHeaders, body: LoginBody, response: { 200: AuthResponse, ...problems } },
      // Two limits: per account (a guesser rotating addresses is still stopped on each account) and,
      // looser, per address (one address trying many accounts), so one student behind the campus NAT
      // cannot lock out everyone else.
      preHandler: async (request) => {
        const limit = await perAccount(request);
        if (!limit.isAllowed && limit.isExceeded) throw tooManyAttempts(limit.ttl);
      },
      config: {
        access: "public",
        rateLimit: {
          max: opts.loginRateLimitPerMinute * 10,
          timeWindow: 60_000,
          keyGenerator: (request) => `address|${request.ip}`,
        },
      },
    },
    async (request, reply) => answer(reply, transportOf(request.headers), await accounts.login(request.body)),
  );

  app.post(
    "/auth/refresh",
    {
      schema: {
        tags: ["auth"],
        description: `With no body: rotates the refresh cookie (needs the ${CSRF_HEADER} header from GET /auth/csrf). With a body: rotates the token it carries and answers with the new one in the body.`,
        body: RefreshBody,
        response: { 200: AuthResponse, ...problems },
      },
      config: { access: "public", rateLimit: { max: 60, timeWindow: 60_000 } },
      preHandler: cookies.requireCookieCredential,
    },
    async (request, reply) => {
      // A refresh answers the way its token came: a token from the cookie is never put in a body, so
      // a script running in the page (XSS) can get access tokens at most, never the refresh token.
      if (request.body) return answer(reply, "body", await accounts.refresh(request.body.refreshToken));
      try {
        return answer(reply, "cookie", await accounts.refresh(cookies.read(request) ?? ""));
      } catch (err) {
        // A spent, revoked or expired cookie is of no more use: the browser drops it.
        if (err instanceof HttpProblem && err.status === 401) cookies.clear(reply);
        throw err;
      }
    },
  );

  app.post(
    "/auth/logout",
    {
      // Public at the door: a cookie sign-out carries no access token; a body sign-out is checked below.
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        description: `With no body: ends the session of the refresh cookie (needs the ${CSRF_HEADER} header) and clears it. With a body: revokes that refresh token's session, for the signed-in user only.`,
        security: [{ bearer: [] }, {}],
        body: LogoutBody,
        response: { 204: z.null().describe("Signed out"), ...problems },
      },
      preHandler: [
        // A body token is revoked for the signed-in user only, as before cookies: the access token is needed.
        async function (request, reply) {
          if (request.body) await opts.requireUser.call(this, request, reply);
        },
        // The cookie with the CSRF header is proof enough: it could refresh, so it may end its session.
        cookies.requireCookieCredential,
      ],
    },
    async (request, reply) => {
      if (request.body) {
        await accounts.logout(request.body.refreshToken, currentUser(request).id);
      } else {
        await accounts.logout(cookies.read(request) ?? "");
        cookies.clear(reply);
      }
      return reply.status(204).send(null);
    },
  );
}
