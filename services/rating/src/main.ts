import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startRatingService } from "./start.ts";

await runMain(() => startRatingService(readEnv(process.env)));
