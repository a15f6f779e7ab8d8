import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTVerifyGetKey } from "jose";
import type { ServiceName } from "@ustbites/contracts";

/** Claims a test token may carry besides the subject; no role = a student. */
export interface TestClaims {
  email?: string;
  name?: string;
  phone?: string;
  role?: "student" | "staff" | "courier" | "admin";
  restaurantId?: string;
  courierId?: string;
}

export interface TestKeys {
  /** The public half, for `createTokenVerifier({ keys })` or a service's `keys` dependency. */
  keys: JWTVerifyGetKey;
  /** The public half as a JWK, for serving as a JWKS. */
  jwk: JWK & { kid: string };
  /** An access token for `userId` as user-service signs it (5 minutes unless `expiresIn` says). */
  token(userId: string, claims?: TestClaims, opts?: { expiresIn?: string }): Promise<string>;
  /** Tokens for each role, each for a new user id unless one is given. */
  student(userId?: string): Promise<string>;
  staff(restaurantId: string, userId?: string): Promise<string>;
  courier(courierId: string, userId?: string): Promise<string>;
  admin(userId?: string): Promise<string>;
  /** A service token for `service` calling `audience`, as user-service issues them. */
  serviceToken(service: ServiceName, audience: ServiceName): Promise<string>;
  /** Serves the JWKS on 127.0.0.1 for services that fetch keys by URL (JWKS_URL). */
  serveJwks(): Promise<{ url: string; close(): Promise<void> }>;
}

/**
 * A key pair standing in for user-service: the app under test trusts its public half, the test
 * signs tokens with the private half. Issuer and audience default to the kit's (authEnv).
 */
export async function createTestKeys(
  opts: { issuer?: string; audience?: string; kid?: string } = {},
): Promise<TestKeys> {
  const issuer = opts.issuer ?? "ustbites-user";
  const audience = opts.audience ?? "ustbites";
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: opts.kid ?? `test-${randomUUID().slice(0, 8)}`,
    alg: "RS256",
    use: "sig",
  };
  const sign = (payload: Record<string, unknown>, subject: string, aud: string, expiresIn: string) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
      .setSubject(subject)
      .setIssuedAt()
      .setIssuer(issuer)
      .setAudience(aud)
      .setExpirationTime(expiresIn)
      .sign(privateKey);
  const token: TestKeys["token"] = (userId, claims = {}, tokenOpts = {}) =>
    sign(
      { email: `s${userId.slice(-8)}@connect.ust.hk`, name: "Student", ...claims },
      userId,
      audience,
      tokenOpts.expiresIn ?? "5m",
    );
  return {
    keys: createLocalJWKSet({ keys: [jwk] }),
    jwk,
    token,
    student: (userId = randomUUID()) => token(userId),
    staff: (restaurantId, userId = randomUUID()) => token(userId, { role: "staff", restaurantId }),
    courier: (courierId, userId = randomUUID()) => token(userId, { role: "courier", courierId }),
    admin: (userId = randomUUID()) => token(userId, { role: "admin" }),
    serviceToken: (service, aud) => sign({ svc: service }, `service:${service}`, aud, "5m"),
    async serveJwks() {
      const server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  };
}
