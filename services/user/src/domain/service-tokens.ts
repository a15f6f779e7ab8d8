import { createHash, timingSafeEqual } from "node:crypto";
import type { ServiceName } from "@ustbites/contracts";
import { unauthorized } from "@ustbites/kit";
import { SignJWT } from "jose";
import type { SigningKey } from "./signing-key.ts";

/** Short: a leaked service token is worth five minutes; callers cache and renew it (kit/service-identity). */
export const SERVICE_TOKEN_TTL_SECONDS = 300;

const digest = (secret: string) => createHash("sha256").update(secret).digest();

/**
 * Issues service tokens to services that prove who they are with their own secret
 * (`SERVICE_CREDENTIALS`, one `name:secret` per service). Secrets are compared as SHA-256 digests in
 * constant time; an unknown service and a wrong secret are refused alike.
 */
export function createServiceTokens(deps: {
  key: SigningKey;
  issuer: string;
  credentials: ReadonlyMap<ServiceName, string>;
}) {
  const known = new Map([...deps.credentials].map(([name, secret]) => [name, digest(secret)] as const));

  function authenticate(authorization: string | undefined): ServiceName {
    const [scheme, encoded] = (authorization ?? "").split(" ");
    if (scheme?.toLowerCase() !== "basic" || !encoded) throw unauthorized("service credentials are required");
    const decoded = Buffer.from(encoded, "base64").toString();
    const colon = decoded.indexOf(":");
    const name = decoded.slice(0, colon) as ServiceName;
    const expected = known.get(name);
    const given = digest(decoded.slice(colon + 1));
    if (colon < 1 || !expected || !timingSafeEqual(expected, given))
      throw unauthorized("unknown service or wrong secret");
    return name;
  }

  return {
    /** A token for `service` to call `audience` with. */
    async issue(authorization: string | undefined, audience: ServiceName) {
      const service = authenticate(authorization);
      const accessToken = await new SignJWT({ svc: service })
        .setProtectedHeader({ alg: "RS256", kid: deps.key.kid, typ: "JWT" })
        .setSubject(`service:${service}`)
        .setIssuer(deps.issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${SERVICE_TOKEN_TTL_SECONDS}s`)
        .sign(deps.key.privateKey);
      return { service, accessToken, expiresIn: SERVICE_TOKEN_TTL_SECONDS };
    },
  };
}

export type ServiceTokens = ReturnType<typeof createServiceTokens>;
