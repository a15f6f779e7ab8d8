import { z } from "zod";
import { HumanText, IsoDateTime, ServiceName, Uuid } from "./common.ts";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// Checked after lowercasing and dropping trailing digits/symbols, so "Password123!" matches "password".
const COMMON_PASSWORDS = new Set([
  "password",
  "passw0rd",
  "qwerty",
  "qwertyuiop",
  "qwertyuiopasdfghjkl",
  "asdfghjkl",
  "zxcvbnm",
  "1qaz2wsx",
  "1q2w3e4r5t",
  "abc",
  "abcdef",
  "abcdefg",
  "admin",
  "administrator",
  "letmein",
  "welcome",
  "iloveyou",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "sunshine",
  "princess",
  "trustno",
  "changeme",
  "secret",
  "starwars",
  "whatever",
  "ustbites",
  "hkust",
  "student",
]);

function isStraightSequence(value: string): boolean {
  const step = value.charCodeAt(1) - value.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < value.length; i++) {
    if (value.charCodeAt(i) - value.charCodeAt(i - 1) !== step) return false;
  }
  return true;
}

export type PasswordContext = { email?: string; name?: string };

function strengthIssues(password: string): string[] {
  const issues: string[] = [];
  const lower = password.toLowerCase();
  const core = lower.replace(/[^a-z]+$/, "");
  if (COMMON_PASSWORDS.has(core) || COMMON_PASSWORDS.has(lower)) issues.push("Password is too common.");
  if (new Set(password).size < 5) issues.push("Password uses too few different characters.");
  if (password.length > 1 && (isStraightSequence(password) || /^(.+)\1+$/.test(password))) {
    issues.push("Password must not be a sequence or a repeated pattern.");
  }
  if (/^\d+$/.test(password)) issues.push("Password must not be only digits.");
  return issues;
}

function personalIssues(password: string, context: PasswordContext): string[] {
  const lower = password.toLowerCase();
  const localPart = context.email?.split("@")[0] ?? "";
  // Shorter tokens (a name like "Man") would forbid ordinary words such as "mango".
  const parts = [localPart, ...localPart.split(/[._+-]/), ...(context.name?.split(/\s+/) ?? [])]
    .map((part) => part.toLowerCase())
    .filter((part) => part.length >= 4);
  return parts.some((part) => lower.includes(part)) ? ["Password must not contain your email or name."] : [];
}

/**
 * Why a password is too weak, as messages for a person; empty when it is acceptable. Length is the
 * schema's job (PASSWORD_MIN_LENGTH..PASSWORD_MAX_LENGTH); this catches passwords that are long enough
 * but guessable. Following NIST SP 800-63B it demands no character classes, only that the password is
 * not common, repetitive or made of the user's own details.
 */
export function passwordIssues(password: string, context: PasswordContext = {}): string[] {
  return [...strengthIssues(password), ...personalIssues(password, context)];
}

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(z.regexes.email, "Invalid email address")
  .describe("An email address; surrounding spaces are trimmed and it is stored lowercased.");
export type Email = z.infer<typeof Email>;

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .superRefine((password, ctx) => {
    for (const message of strengthIssues(password)) ctx.addIssue({ code: "custom", message });
  })
  .describe(`A new password, ${PASSWORD_MIN_LENGTH}..${PASSWORD_MAX_LENGTH} characters, not common or repetitive.`);

export const PersonName = HumanText.trim().min(1).max(100).describe("The person's display name.");

/** E.164, as SMS providers take it. The app strips spaces and dashes before sending. */
export const PhoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, "Phone number must be in international format, e.g. +85291234567.")
  .describe("A mobile number in international format (E.164), e.g. +85291234567, for SMS updates.");

/**
 * Cross-field rule (password must not contain the email or name) makes this object refined: zod 4
 * forbids `.pick()`/`.omit()` on it; use it whole.
 */
export const RegisterBody = z
  .strictObject({
    email: Email,
    password: Password,
    name: PersonName,
    phone: PhoneNumber.optional().describe("Optional: a mobile number for SMS delivery updates."),
  })
  .superRefine((body, ctx) => {
    for (const message of personalIssues(body.password, body))
      ctx.addIssue({ code: "custom", message, path: ["password"] });
  });
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe("The account's password."),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshToken = z
  .string()
  .min(16)
  .max(4096)
  .describe("An opaque refresh token issued by user-service; single use.");

/**
 * Where sign-in and registration put the refresh token. `cookie` (the default, for browsers): an
 * httpOnly, Secure, SameSite=Strict cookie scoped to the auth path, never the body, so no script can
 * read it. `body`: in `tokens.refreshToken`, for clients without a cookie jar (scripts, mobile apps).
 */
export const REFRESH_TOKEN_TRANSPORT_HEADER = "x-refresh-token-transport";
export const RefreshTokenTransport = z
  .enum(["cookie", "body"])
  .describe(
    "Where the refresh token goes: `cookie` (default; httpOnly cookie, not in the body) or `body` (tokens.refreshToken).",
  );
export type RefreshTokenTransport = z.infer<typeof RefreshTokenTransport>;

/** Loose: the other request headers must pass through untouched. */
export const SignInHeaders = z.looseObject({ [REFRESH_TOKEN_TRANSPORT_HEADER]: RefreshTokenTransport.optional() });
export type SignInHeaders = z.infer<typeof SignInHeaders>;

/** A cookie-authenticated refresh or sign-out carries the token from GET /auth/csrf in this header. */
export const CSRF_HEADER = "x-csrf-token";
export const CsrfTokenResponse = z.object({
  csrfToken: z
    .string()
    .describe(`Send it as the \`${CSRF_HEADER}\` header of a refresh or sign-out that uses the refresh cookie.`),
});
export type CsrfTokenResponse = z.infer<typeof CsrfTokenResponse>;

/** No body (Fastify reads it as null): the refresh token is the cookie, with the CSRF header. A body: the token it carries. */
export const RefreshBody = z.strictObject({ refreshToken: RefreshToken }).nullish();
export type RefreshBody = z.infer<typeof RefreshBody>;

export const LogoutBody = z
  .strictObject({ refreshToken: RefreshToken.describe("The refresh token to revoke.") })
  .nullish();
export type LogoutBody = z.infer<typeof LogoutBody>;

export const TokenPair = z.object({
  accessToken: z.string().describe("A short-lived RS256 JWT; send it as `Authorization: Bearer <token>`."),
  refreshToken: RefreshToken.optional().describe(
    "Only when the refresh token travels in bodies (a body refresh, or sign-in with `x-refresh-token-transport: body`); otherwise it is the httpOnly cookie.",
  ),
  tokenType: z.literal("Bearer").describe("Always Bearer."),
  expiresIn: z.number().int().positive().describe("Seconds until the access token expires."),
});
export type TokenPair = z.infer<typeof TokenPair>;

/**
 * Who an account is. Self-registration makes a `student`; an admin creates the others. A token
 * without a role claim is a student's (tokens issued before roles existed).
 */
export const Role = z
  .enum(["student", "staff", "courier", "admin"])
  .describe(
    "The account's role: student (orders), staff (one restaurant's kitchen), courier (deliveries), admin (accounts).",
  );
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

export const User = z.object({
  id: Uuid.describe("The user's id; the `sub` of their tokens."),
  email: z.string().describe("The user's email address, lowercased."),
  name: z.string().describe("The user's display name."),
  phone: z.string().nullable().describe("The mobile number SMS updates go to, or null for email only."),
  role: Role,
  restaurantId: Uuid.nullable().describe("For staff: the restaurant whose kitchen they run; null for everyone else."),
  courierId: Uuid.nullable().describe("For couriers: their id in delivery-service's fleet; null for everyone else."),
  createdAt: IsoDateTime.describe("When the account was created."),
});
export type User = z.infer<typeof User>;

export const UpdateProfileBody = z
  .strictObject({
    name: PersonName.optional(),
    phone: PhoneNumber.nullable().optional().describe("A new mobile number, or null to stop SMS updates."),
  })
  .refine((body) => body.name !== undefined || body.phone !== undefined, { message: "Give name or phone (or both)." });
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

const NewAccountFields = {
  email: Email,
  password: Password,
  name: PersonName,
};

/**
 * POST /admin/accounts: an admin creates a staff, courier or admin account. Students register
 * themselves; this route never makes one.
 */
export const CreateAccountBody = z.discriminatedUnion("role", [
  z.strictObject({
    ...NewAccountFields,
    role: z.literal("staff").describe("Restaurant staff: runs one restaurant's kitchen."),
    restaurantId: Uuid.describe("The restaurant this person works for; they see and act on its orders only."),
  }),
  z.strictObject({
    ...NewAccountFields,
    role: z.literal("courier").describe("A courier of the campus fleet."),
    courierId: Uuid.describe("The courier's id in delivery-service's fleet (GET /api/delivery/couriers)."),
  }),
  z.strictObject({ ...NewAccountFields, role: z.literal("admin").describe("An administrator: creates accounts.") }),
]);
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

export const AuthResponse = z.object({
  user: User.describe("The signed-in user."),
  tokens: TokenPair.describe("Tokens for that user."),
});
export type AuthResponse = z.infer<typeof AuthResponse>;

/** Not strict: a JWT may carry registered claims we do not use (nbf, ...). */
export const AccessTokenClaims = z.object({
  sub: Uuid.describe("The user's id."),
  email: z.string().describe("The user's email address."),
  name: z.string().describe("The user's display name."),
  phone: z.string().optional().describe("The user's mobile number, when they gave one."),
  role: Role.optional().describe("The account's role; absent means student."),
  restaurantId: Uuid.optional().describe("Staff only: their restaurant."),
  courierId: Uuid.optional().describe("Couriers only: their id in delivery-service's fleet."),
  iss: z.string().describe("The issuer, JWT_ISSUER (ustbites-user)."),
  aud: z.union([z.string(), z.array(z.string())]).describe("The audience, JWT_AUDIENCE (ustbites)."),
  exp: z.number().int().describe("Expiry, seconds since the Unix epoch."),
  iat: z.number().int().describe("Issued at, seconds since the Unix epoch."),
  jti: z.string().optional().describe("A unique token id."),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

/** A public key in user-service's JWKS (RFC 7517); loose, since keys carry algorithm-specific members. */
export const Jwk = z.looseObject({
  kty: z.string().describe("Key type, RSA for our RS256 keys."),
  kid: z.string().describe("Key id, matched against a token's `kid` header."),
  alg: z.string().optional().describe("Algorithm, RS256."),
  use: z.string().optional().describe("Public key use, sig."),
});
export type Jwk = z.infer<typeof Jwk>;

export const Jwks = z.object({ keys: z.array(Jwk).describe("The keys that may have signed a current token.") });
export type Jwks = z.infer<typeof Jwks>;

/** POST /service-tokens (internal, Basic auth with the calling service's name and secret). */
export const ServiceTokenBody = z.strictObject({
  audience: ServiceName.describe("The service the token is for; it accepts no token made for another."),
});
export type ServiceTokenBody = z.infer<typeof ServiceTokenBody>;

export const ServiceTokenResponse = z.object({
  accessToken: z.string().describe("An RS256 JWT: sub service:<name>, svc <name>, aud the audience asked for."),
  expiresIn: z.number().int().positive().describe("Seconds until it expires."),
});
export type ServiceTokenResponse = z.infer<typeof ServiceTokenResponse>;
