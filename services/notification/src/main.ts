import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startNotificationService } from "./start.ts";

await runMain(() => startNotificationService(readEnv(process.env)));
