import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startDeliveryService } from "./start.ts";

await runMain(() => startDeliveryService(readEnv(process.env)));
