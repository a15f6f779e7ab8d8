import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { readRouteTable } from "./route-table.ts";
import { startGateway } from "./start.ts";

await runMain(async () => {
  const routes = readRouteTable();
  return startGateway(readEnv(process.env, routes), routes);
});
