import { z } from "zod";
import { baseEnv, databaseEnv, loadConfig, portEnv } from "@ustbites/kit";

export const UserEnv = z.object({
  ...baseEnv,
  PORT: portEnv("user"),
  ...databaseEnv("user"),
  JWT_PRIVATE_KEY: z.string().startsWith("-----BEGIN PRIVATE KEY-----", "must be a PKCS#8 PEM").optional(),
  JWT_ISSUER: z.string().default("ustbites-user"),
  JWT_AUDIENCE: z.string().default("ustbites"),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).default(30 * 24 * 3600),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
});

export type UserConfig = z.output<typeof UserEnv>;

export const readEnv = (env: Record<string, string | undefined>): UserConfig => loadConfig("user", UserEnv, env);
