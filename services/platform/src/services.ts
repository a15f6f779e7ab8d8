import { readEnv as readUserEnv, startUserService } from "@ustbites/user";
import { readEnv as readRestaurantEnv, startRestaurantService } from "@ustbites/restaurant";
import { readEnv as readCartEnv, startCartService } from "@ustbites/cart";
import { readEnv as readPaymentEnv, startPaymentService } from "@ustbites/payment";
import { readEnv as readDeliveryEnv, startDeliveryService } from "@ustbites/delivery";
import { readEnv as readNotificationEnv, startNotificationService } from "@ustbites/notification";
import { readEnv as readOrderEnv, startOrderService } from "@ustbites/order";
import { readEnv as readAgentEnv, startAgentService } from "@ustbites/agent";

export interface RunningService {
  address: string;
  close(): Promise<void>;
}

export interface ServiceEntry {
  name: string;
  /** Has its own database (gets DATABASE_URL / DATA_DIR). */
  database: boolean;
  start(env: Record<string, string | undefined>): Promise<RunningService>;
}

/**
 * Every service the platform runs, in start order: a service comes after the ones it calls, so with
 * ephemeral ports the launcher can hand each one the addresses of those already listening.
 * New services add one entry here (see docs/adding-a-service.md).
 */
export const SERVICES: ServiceEntry[] = [
  { name: "user", database: true, start: (env) => startUserService(readUserEnv(env)) },
  { name: "restaurant", database: true, start: (env) => startRestaurantService(readRestaurantEnv(env)) },
  { name: "cart", database: false, start: (env) => startCartService(readCartEnv(env)) },
  { name: "payment", database: true, start: (env) => startPaymentService(readPaymentEnv(env)) },
  { name: "delivery", database: true, start: (env) => startDeliveryService(readDeliveryEnv(env)) },
  { name: "notification", database: true, start: (env) => startNotificationService(readNotificationEnv(env)) },
  { name: "order", database: true, start: (env) => startOrderService(readOrderEnv(env)) },
  { name: "agent", database: true, start: (env) => startAgentService(readAgentEnv(env)) },
];
