import type { ServiceName } from "@ustbites/contracts";
import { SignJWT, type CryptoKey, type KeyObject } from "jose";

export interface TestServiceTokenOptions {
  /** The key the callee's JWKS (or local key set) trusts, and its `kid`. */
  privateKey: CryptoKey | KeyObject;
  kid: string;
  service: ServiceName;
  audience: ServiceName;
  issuer?: string;
}

/** A service token as user-service's POST /service-tokens signs it (kit/service-identity), for tests that play user-service. */
export function signTestServiceToken(opts: TestServiceTokenOptions): Promise<string> {
  return new SignJWT({ svc: opts.service })
    .setProtectedHeader({ alg: "RS256", kid: opts.kid })
    .setSubject(`service:${opts.service}`)
    .setIssuedAt()
    .setIssuer(opts.issuer ?? "ustbites-user")
    .setAudience(opts.audience)
    .setExpirationTime("5m")
    .sign(opts.privateKey);
}
