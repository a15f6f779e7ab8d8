import { errors as joseErrors, type JWTVerifyGetKey } from "jose";
import type { FastifyRequest } from "fastify";
import { ServiceName, ServiceTokenResponse } from "@ustbites/contracts";
import { bearerToken, remoteKeys, verifySigned } from "./auth.ts";
import { forbidden, HttpProblem, unauthorized } from "./problem.ts";

/**
 * Service identity: services call each other as themselves, never with a forwarded student token.
 * user-service signs short-lived RS256 tokens (`sub: service:<name>`, `svc: <name>`, `aud: <callee>`)
 * for a service that proves itself with its own secret; the callee verifies them against the same
 * JWKS as student tokens, but with its own name as the audience. Student tokens (audience
 * JWT_AUDIENCE) therefore never pass as a service, nor a service token as a student.
 */
export type ServiceVerifier = (token: string) => Promise<{ service: ServiceName }>;

export function createServiceVerifier(opts: {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: ServiceName;
}): ServiceVerifier {
  return async (token) => {
    try {
      const payload = await verifySigned(token, opts, ["svc"]);
      const service = ServiceName.safeParse(payload.svc);
      if (!service.success || payload.sub !== `service:${service.data}`) throw unauthorized("invalid service token");
      return { service: service.data };
    } catch (err) {
      if (err instanceof HttpProblem) throw err;
      if (err instanceof joseErrors.JOSEError) throw unauthorized("a valid service token for this service is required");
      throw err;
    }
  };
}

/** The verifier a service builds from its `authEnv` config for tokens made out to it; tests pass local `keys`. */
export function serviceVerifierFor(
  config: { JWKS_URL: string; JWT_ISSUER: string },
  audience: ServiceName,
  keys?: JWTVerifyGetKey,
): ServiceVerifier {
  return createServiceVerifier({ keys: keys ?? remoteKeys(config.JWKS_URL), issuer: config.JWT_ISSUER, audience });
}

/** An onRequest hook admitting only the named services: 401 without a valid service token, 403 for another service. */
export function requireService(verify: ServiceVerifier, services: readonly ServiceName[]) {
  const allowed = new Set(services);
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw unauthorized("a service token is required");
    const { service } = await verify(token);
    if (!allowed.has(service)) throw forbidden(`Only ${services.join(", ")} may call this`);
  };
}

export interface ServiceTokenSourceOptions {
  /** user-service's base URL (its POST /service-tokens). */
  userUrl: string;
  service: ServiceName;
  secret: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Renew this long before expiry, so a token never expires in flight. */
const RENEW_MARGIN_MS = 30_000;

/** Tokens for calling other services as `service`, one per audience, fetched when missing or about to expire. */
export function createServiceTokenSource(opts: ServiceTokenSourceOptions) {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const authorization = `Basic ${Buffer.from(`${opts.service}:${opts.secret}`).toString("base64")}`;
  const cache = new Map<string, Promise<{ token: string; renewAt: number }>>();

  async function issue(audience: ServiceName): Promise<{ token: string; renewAt: number }> {
    const res = await doFetch(`${opts.userUrl.replace(/\/$/, "")}/service-tokens`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ audience }),
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) throw new Error(`user-service refused a ${audience} token for ${opts.service}: ${res.status}`);
    const body = ServiceTokenResponse.parse(await res.json());
    return { token: body.accessToken, renewAt: now() + body.expiresIn * 1000 - RENEW_MARGIN_MS };
  }

  return {
    async tokenFor(audience: ServiceName): Promise<string> {
      const cached = cache.get(audience);
      if (cached) {
        const current = await cached.catch(() => null);
        if (current && current.renewAt > now()) return current.token;
      }
      // Concurrent callers share one request; a failed one is not cached.
      const pending = issue(audience);
      cache.set(audience, pending);
      pending.catch(() => cache.delete(audience));
      return (await pending).token;
    },
  };
}

export type ServiceTokenSource = ReturnType<typeof createServiceTokenSource>;
