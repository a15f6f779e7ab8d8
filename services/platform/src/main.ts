import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startPlatform } from "./platform.ts";

await runMain(async () => {
  const platform = await startPlatform(readEnv(process.env), process.env);
  return { app: { log: platform.log }, close: platform.close };
});
