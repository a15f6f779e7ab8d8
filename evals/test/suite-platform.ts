import { readEvalEnv } from "../src/env.ts";
import { startEvalPlatform, type EvalPlatform } from "../src/platform.ts";

/**
 * The platform a suite file runs its scenarios on: the machine's real servers (docs/conventions.md),
 * fresh databases and a vhost of its own, dropped on close. Each suite file boots its own, so vitest
 * runs the suites side by side (vitest.config.ts); embedded PGlite works too (npm run eval) but boots
 * eight databases.
 */
export async function startSuitePlatform(
  modelEnv: Record<string, string>,
): Promise<{ platform: EvalPlatform; bootSeconds: number }> {
  const started = performance.now();
  const env = readEvalEnv(process.env);
  const platform = await startEvalPlatform({
    real: true,
    modelEnv,
    deliveryClockSpeed: 60,
    logLevel: "error",
    servers: { postgres: env.EVAL_DATABASE_URL, redis: env.EVAL_REDIS_URL, rabbitmq: env.EVAL_RABBITMQ_URL },
  });
  return { platform, bootSeconds: (performance.now() - started) / 1000 };
}
