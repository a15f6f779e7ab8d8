import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startOrderService } from "./start.ts";

await runMain(() => startOrderService(readEnv(process.env)));
