import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startRestaurantService } from "./start.ts";

await runMain(() => startRestaurantService(readEnv(process.env)));
