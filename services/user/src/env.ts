import { z } from "zod";
import { ServiceName } from "@ustbites/contracts";
import { baseEnv, databaseEnv, envBoolean, loadConfig, portEnv } from "@ustbites/kit";

export const UserEnv = z
  .object({
    ...baseEnv,
    PORT: portEnv("user"),
    ...databaseEnv("user"),
    JWT_PRIVATE_KEY: z.string().startsWith("-----BEGIN PRIVATE KEY-----", "must be a PKCS#8 PEM").optional(),
    JWT_ISSUER: z.string().default("ustbites-user"),
    JWT_AUDIENCE: z.string().default("ustbites"),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    /** Sliding lifetime of a refresh token: each refresh gets a new one that lives this long... */
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(3600)
      .default(30 * 24 * 3600),
    /** ...up to this long after the sign-in that started the chain; then the student signs in again. */
    REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(3600)
      .default(90 * 24 * 3600),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    /**
     * The auth routes' path as browsers see it, the Path of the refresh and CSRF cookies: behind the
     * gateway (local or KGateway) `/api/user` + `/auth`. The cookies go with no other request.
     */
    AUTH_COOKIE_PATH: z
      .string()
      .regex(/^\/[\w\-/]*$/, "must be a URL path, e.g. /api/user/auth")
      .default("/api/user/auth"),
    /**
     * Who may ask for service tokens: `name:secret` per service, comma-separated (secrets of 32+
     * characters). Unset: no service can get one (the platform launcher generates them embedded).
     */
    SERVICE_CREDENTIALS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const map = new Map<ServiceName, string>();
        for (const entry of (v ?? "")
          .split(",")
          .map((e) => e.trim())
          .filter(Boolean)) {
          const colon = entry.indexOf(":");
          const name = ServiceName.safeParse(entry.slice(0, colon));
          const secret = entry.slice(colon + 1);
          if (colon < 1 || !name.success || secret.length < 32) {
            ctx.addIssue({ code: "custom", message: "expected name:secret pairs, each secret at least 32 characters" });
            return z.NEVER;
          }
          map.set(name.data, secret);
        }
        return map;
      }),
    /** Rate-limit counters shared by every replica; unset: each process counts alone. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    NODE_ENV: z.string().optional(),
    /**
     * Seed the demo admin, kitchen and courier accounts (passwords in README). Unset: on, except under
     * NODE_ENV=production (the images set it), so a deployment never has known passwords by default.
     */
    DEMO_ACCOUNTS: envBoolean.optional(),
  })
  .transform(({ NODE_ENV, DEMO_ACCOUNTS, ...config }) => ({
    ...config,
    DEMO_ACCOUNTS: DEMO_ACCOUNTS ?? NODE_ENV !== "production",
  }));

export type UserConfig = z.output<typeof UserEnv>;

export const readEnv = (env: Record<string, string | undefined>): UserConfig => loadConfig("user", UserEnv, env);
