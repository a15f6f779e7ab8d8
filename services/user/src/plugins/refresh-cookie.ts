import cookie from "@fastify/cookie";
import csrfProtection from "@fastify/csrf-protection";
import { CSRF_HEADER, PROBLEM_TYPES } from "@ustbites/contracts";
import { HttpProblem, unauthorized, type App } from "@ustbites/kit";
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from "fastify";

export const REFRESH_COOKIE = "ustbites_refresh";
export const CSRF_COOKIE = "ustbites_csrf";

export interface RefreshCookieOptions {
  /**
   * The auth routes' path as the browser sees it (through the gateway: `/api/user/auth`): the cookies
   * go with auth requests only, never with every API call.
   */
  path: string;
}

export interface RefreshCookie {
  read(request: FastifyRequest): string | undefined;
  set(reply: FastifyReply, token: string, expiresAt: Date): void;
  clear(reply: FastifyReply): void;
  /** A CSRF token for this browser (its secret is a cookie of its own), for the x-csrf-token header. */
  csrfToken(reply: FastifyReply): string;
  /**
   * For a request that carries no body (so its refresh token is the cookie): 401 without the cookie (a
   * cross-site request arrives without it: SameSite=Strict), then 403 unless its x-csrf-token matches
   * the browser's CSRF secret. A request with a body passes: its token is in the body.
   */
  requireCookieCredential: preHandlerHookHandler;
}

const csrfRefused = () =>
  new HttpProblem(403, "Forbidden", {
    type: PROBLEM_TYPES.csrf,
    detail: `A request with the refresh cookie needs the ${CSRF_HEADER} header from GET /auth/csrf`,
  });

/**
 * The refresh token as an httpOnly, Secure, SameSite=Strict cookie, and the double-submit CSRF check
 * (@fastify/csrf-protection) that guards the requests it authenticates. Secure is safe for local use:
 * browsers treat http://127.0.0.1 and http://localhost as secure contexts and keep Secure cookies there.
 */
export async function registerRefreshCookie(app: App, opts: RefreshCookieOptions): Promise<RefreshCookie> {
  const attributes = { path: opts.path, httpOnly: true, secure: true, sameSite: "strict" } as const;
  // The plugin answers a failed check with its own 403 error; in this scope it becomes our problem.
  app.setErrorHandler((error: Error & { code?: string }) => {
    throw error.code?.startsWith("FST_CSRF_") ? csrfRefused() : error;
  });
  await app.register(cookie);
  await app.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: attributes,
    logLevel: "info",
    // The header only: a token in a query string would end up in logs and Referer headers.
    getToken: (request) => {
      const token = request.headers[CSRF_HEADER];
      return typeof token === "string" ? token : undefined;
    },
  });

  return {
    read: (request) => request.cookies[REFRESH_COOKIE] || undefined,
    set: (reply, token, expiresAt) => {
      reply.setCookie(REFRESH_COOKIE, token, { ...attributes, expires: expiresAt });
    },
    clear: (reply) => {
      reply.clearCookie(REFRESH_COOKIE, attributes);
    },
    csrfToken: (reply) => reply.generateCsrf(),
    requireCookieCredential: (request, reply, done) => {
      if (request.body) return done();
      if (!request.cookies[REFRESH_COOKIE])
        return done(unauthorized("no refresh token: sign in (the refresh cookie goes with same-site requests only)"));
      app.csrfProtection(request, reply, done);
    },
  };
}
