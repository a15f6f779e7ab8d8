import { createHash, randomBytes, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { AuthenticatedUser } from "@ustbites/kit";
import type { SigningKey } from "./signing-key.ts";

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  /** Sliding: each rotation's token lives this long... */
  refreshTtlSeconds: number;
  /** ...but no token of a sign-in's family outlives the sign-in by more than this. */
  refreshAbsoluteTtlSeconds: number;
}

export function signAccessToken(
  key: SigningKey,
  settings: TokenSettings,
  /** What the access token says about its holder: everything kit's verifier hands a service but the token itself. */
  user: Omit<AuthenticatedUser, "token">,
): Promise<string> {
  // The phone rides along so order-service can put it on its events for SMS updates. The role and its
  // link (staff: restaurant, courier: fleet id) are read from the account at every issue, so a refresh
  // carries the account's current role.
  return new SignJWT({
    email: user.email,
    name: user.name,
    ...(user.phone ? { phone: user.phone } : {}),
    role: user.role,
    ...(user.role === "staff" && user.restaurantId ? { restaurantId: user.restaurantId } : {}),
    ...(user.role === "courier" && user.courierId ? { courierId: user.courierId } : {}),
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${settings.accessTtlSeconds}s`)
    .sign(key.privateKey);
}

/** Refresh tokens are opaque random strings; only their SHA-256 is stored, so a database leak yields none. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
