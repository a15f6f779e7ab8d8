import { AccessTokenClaims, type Role, type ServiceName } from "@ustbites/contracts";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { FastifyReply, FastifyRequest } from "fastify";
import { forbidden, HttpProblem, unauthorized } from "./problem.ts";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  /** Mobile number for SMS updates, when the student gave one. */
  phone: string | null;
  /** `student` when the token carries no role claim (tokens from before roles existed). */
  role: Role;
  /** Staff only: the one restaurant they act for. */
  restaurantId: string | null;
  /** Couriers only: their id in delivery-service's fleet. */
  courierId: string | null;
  /**
   * The raw bearer token. Only the agent passes it on (its tools act as the student, docs/agent.md);
   * services call each other with their own service tokens, never with this.
   */
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
  return createRemoteJWKSet(new URL(jwksUrl), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 3000,
  });
}

const RoleClaims = AccessTokenClaims.pick({ role: true, restaurantId: true, courierId: true });

/**
 * The role part of a verified token. A staff token without its restaurant (or a courier's without its
 * courier id) is malformed, not a token with fewer rights: it is refused like a bad signature.
 */
function roleOf(payload: unknown): Pick<AuthenticatedUser, "role" | "restaurantId" | "courierId"> {
  const claims = RoleClaims.safeParse(payload);
  if (!claims.success) throw unauthorized("invalid access token");
  const role = claims.data.role ?? "student";
  const restaurantId = role === "staff" ? (claims.data.restaurantId ?? null) : null;
  const courierId = role === "courier" ? (claims.data.courierId ?? null) : null;
  if ((role === "staff" && !restaurantId) || (role === "courier" && !courierId))
    throw unauthorized("invalid access token");
  return { role, restaurantId, courierId };
}

/** A user-service-signed JWT's claims, for this audience; jose errors propagate. */
export async function verifySigned(token: string, opts: TokenVerifierOptions, extraClaims: string[] = []) {
  const { payload } = await jwtVerify(token, opts.keys, {
    issuer: opts.issuer,
    audience: opts.audience,
    // Pinning the algorithm is what shuts out `alg: none` and HS256-with-the-public-key tricks.
    algorithms: ["RS256"],
    requiredClaims: ["sub", "exp", "iat", ...extraClaims],
  });
  return payload;
}

export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    try {
      const payload = await verifySigned(token, opts);
      if (typeof payload.sub !== "string") throw unauthorized("token has no subject");
      // A service token (kit/service-identity) never stands for a person, whatever its audience says.
      if (payload.svc !== undefined) throw unauthorized("a service token is not a user's access token");
      return {
        id: payload.sub,
        email: typeof payload.email === "string" ? payload.email : "",
        name: typeof payload.name === "string" ? payload.name : "",
        phone: typeof payload.phone === "string" ? payload.phone : null,
        ...roleOf(payload),
        token,
      };
    } catch (err) {
      if (err instanceof HttpProblem) throw err;
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
 * A hook (kit runs it onRequest, before the body is read) that lets a request through only with a
 * valid access token, and gives the route `request.user`. Routes read the user id from there, never
 * from the body or the path.
 */
export function requireUser(verify: TokenVerifier) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    request.user = await verify(token);
  };
}

/**
 * Who may call a route, declared in its `config.access` (see `enforceAccess`):
 * - `"public"`: anyone, no token needed;
 * - `"signed-in"`: any valid access token, whatever the role;
 * - a list of roles: a valid token with one of them (401 without a token, 403 with another role).
 * What a role may do with a particular resource (staff: only their restaurant's orders) is the
 * domain's check on top, e.g. `actsForRestaurant`.
 */
export type Access = "public" | "signed-in" | readonly Role[] | ServiceAccess;

/**
 * Internal routes: only these services, each with its own service token (kit/service-identity),
 * checked before the body is even read. No student, staff or admin token passes.
 */
export interface ServiceAccess {
  services: readonly ServiceName[];
}

export const isServiceAccess = (access: Access): access is ServiceAccess =>
  typeof access === "object" && "services" in access;

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
}

const ROLE_NAMES: Record<Role, string> = {
  student: "students",
  staff: "restaurant staff",
  courier: "couriers",
  admin: "admins",
};

/** A hook admitting a valid token whose role is one of `roles`; the user is on `request.user`. */
export function requireRole(verify: TokenVerifier, roles: readonly Role[]) {
  const allowed = new Set(roles);
  const detail = `Only ${roles.map((r) => ROLE_NAMES[r]).join(" and ")} may do this`;
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    const user = await verify(token);
    if (!allowed.has(user.role)) throw forbidden(detail);
    request.user = user;
  };
}

/** The guard a route's declared access needs, or none for a public route. */
export function accessGuard(verify: TokenVerifier, access: Exclude<Access, ServiceAccess>) {
  if (access === "public") return undefined;
  return access === "signed-in" ? requireUser(verify) : requireRole(verify, access);
}

/** Staff of that restaurant, or an admin: who may run a restaurant's kitchen, menu and hours. */
export function actsForRestaurant(user: AuthenticatedUser, restaurantId: string): boolean {
  return user.role === "admin" || (user.role === "staff" && user.restaurantId === restaurantId);
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
  return createTokenVerifier({
    keys: keys ?? remoteKeys(config.JWKS_URL),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}
