import { runMain } from "@ustbites/kit";
import { readEnv } from "./env.ts";
import { readGatewayTable } from "./route-table.ts";
import { startGateway } from "./start.ts";

await runMain(async () => {
  const table = readGatewayTable();
  return startGateway(readEnv(process.env, table.routes), table);
});
