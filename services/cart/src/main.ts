import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startCartService } from "./start.ts";

await runMain(() => startCartService(readEnv(process.env)));
