import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startUserService } from "./start.ts";

await runMain(() => startUserService(readEnv(process.env)));
