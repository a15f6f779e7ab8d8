import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { startPaymentService } from "./start.ts";

await runMain(() => startPaymentService(readEnv(process.env)));
