import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { FastifyReply, FastifyRequest } from "fastify";
import { unauthorized } from "./problem.ts";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  /** Mobile number for SMS updates, when the student gave one. */
  phone: string | null;
  /** The raw bearer token, so a caller can act further *as this user* (e.g. cart → restaurant). */
  token: string;
}

export interface TokenVerifierOptions {
  /** Where the keys come from: a remote JWKS (other services) or the issuer's own key set. */
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

export type TokenVerifier = (token: string) => Promise<AuthenticatedUser>;

/** jose caches the remote set and refetches on an unknown `kid`, throttled by the cooldown. */
export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 3000 });
}

export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, opts.keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        // Pinning the algorithm is what shuts out `alg: none` and HS256-with-the-public-key tricks.
        algorithms: ["RS256"],
        requiredClaims: ["sub", "exp", "iat"],
      });
      if (typeof payload.sub !== "string") throw unauthorized("token has no subject");
      return {
        id: payload.sub,
        email: typeof payload.email === "string" ? payload.email : "",
        name: typeof payload.name === "string" ? payload.name : "",
        phone: typeof payload.phone === "string" ? payload.phone : null,
        token,
      };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized("access token expired");
      if (err instanceof joseErrors.JOSEError) throw unauthorized("invalid access token");
      throw err;
    }
  };
}

declare module "fastify" {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(" ");
  return scheme?.toLowerCase() === "bearer" && value ? value : undefined;
}

/**
 * A preHandler that lets a request through only with a valid access token, and gives the route
 * `request.user`. Routes read the user id from there, never from the body or the path.
 */
export function requireUser(verify: TokenVerifier) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    request.user = await verify(token);
  };
}

/** The signed-in user of a request that passed `requireUser`. */
export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

/** The verifier a service builds from its `authEnv` config; tests pass local `keys` instead of the JWKS URL. */
export function tokenVerifierFor(
  config: { JWKS_URL: string; JWT_ISSUER: string; JWT_AUDIENCE: string },
  keys?: JWTVerifyGetKey,
): TokenVerifier {
  return createTokenVerifier({ keys: keys ?? remoteKeys(config.JWKS_URL), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
}
