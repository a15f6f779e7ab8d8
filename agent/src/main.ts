import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startAgentService } from "./start.ts";

await runMain(() => startAgentService(readEnv(process.env)));
