import { readEnv as readUserEnv, startUserService } from "@ustbites/user";
import { readEnv as readRestaurantEnv, startRestaurantService } from "@ustbites/restaurant";
import { readEnv as readCartEnv, startCartService } from "@ustbites/cart";
import { readEnv as readPaymentEnv, startPaymentService } from "@ustbites/payment";
import { readEnv as readDeliveryEnv, startDeliveryService } from "@ustbites/delivery";
import { readEnv as readNotificationEnv, startNotificationService } from "@ustbites/notification";
import { readEnv as readOrderEnv, startOrderService } from "@ustbites/order";
import { readEnv as readAgentEnv, startAgentService } from "@ustbites/agent";
import { DEPLOYABLES, type DeployableName } from "@ustbites/kit/deployables";

export interface RunningService {
  address: string;
  close(): Promise<void>;
}

export interface ServiceEntry {
  name: Exclude<DeployableName, "gateway">;
  /** Has its own database (gets DATABASE_URL / DATA_DIR); from DEPLOYABLES. */
  database: boolean;
  start(env: Record<string, string | undefined>): Promise<RunningService>;
}

/**
 * Every service the platform runs, in start order: a service comes after the ones it calls, so with
 * ephemeral ports the launcher can hand each one the addresses of those already listening.
 * New services add one entry here (see docs/adding-a-service.md).
 */
export const SERVICES: ServiceEntry[] = (
  [
    { name: "user", start: (env) => startUserService(readUserEnv(env)) },
    { name: "restaurant", start: (env) => startRestaurantService(readRestaurantEnv(env)) },
    { name: "cart", start: (env) => startCartService(readCartEnv(env)) },
    { name: "payment", start: (env) => startPaymentService(readPaymentEnv(env)) },
    { name: "delivery", start: (env) => startDeliveryService(readDeliveryEnv(env)) },
    { name: "notification", start: (env) => startNotificationService(readNotificationEnv(env)) },
    { name: "order", start: (env) => startOrderService(readOrderEnv(env)) },
    { name: "agent", start: (env) => startAgentService(readAgentEnv(env)) },
  ] satisfies Omit<ServiceEntry, "database">[]
).map((entry) => ({ ...entry, database: DEPLOYABLES[entry.name].database }));
