import type { Logger } from "pino";
import { newId } from "@ustbites/kit";
import type { UserRepository } from "../repositories/users.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { hashPassword } from "./passwords.ts";

export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  role: Exclude<Role, "student">;
  restaurantId?: string;
  courierId?: string;
}

/**
 * The embedded demo's people besides students: an admin, the kitchens of two restaurants (so "staff
 * of another restaurant" can be tried) and two couriers. The passwords are printed in README: demo
 * only, and seeded only when DEMO_ACCOUNTS is on (off by default under NODE_ENV=production).
 *
 * The restaurant ids are restaurant-service's seed ids (UUIDv5 of `restaurant:<slug>`, see
 * services/restaurant/src/seed/seed.ts); the courier ids are delivery-service's fleet
 * (services/delivery/src/domain/couriers.ts). The platform's roles test signs in as each and checks
 * the link resolves.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "admin@ustbites.local", password: "demo-admin-lychee-tart", name: "Demo Admin", role: "admin" },
  {
    email: "kitchen.spice-route@ustbites.local",
    password: "demo-kitchen-garlic-naan",
    name: "Spice Route Kitchen",
    role: "staff",
    restaurantId: "7b346cb6-4fb4-598b-bc97-ab0bf958ec4e",
  },
  {
    email: "kitchen.canton@ustbites.local",
    password: "demo-kitchen-char-siu-bao",
    name: "Canton Kitchen",
    role: "staff",
    restaurantId: "2857cca1-5b1f-57ac-beb8-ab03db0c9c5b",
  },
  {
    email: "courier.kaho@ustbites.local",
    password: "demo-courier-red-bike",
    name: "Ka Ho",
    role: "courier",
    courierId: "0196a4c0-d000-7000-8000-000000000001",
  },
  {
    email: "courier.wingyan@ustbites.local",
    password: "demo-courier-blue-scooter",
    name: "Wing Yan",
    role: "courier",
    courierId: "0196a4c0-d000-7000-8000-000000000002",
  },
];

/**
 * Creates the demo accounts that are missing. An existing account (whatever its password now) is left
 * alone, and only missing ones are hashed, so a restart costs one query.
 */
export async function seedDemoAccounts(
  users: UserRepository,
  log: Pick<Logger, "info">,
  accounts: readonly DemoAccount[] = DEMO_ACCOUNTS,
): Promise<number> {
  const existing = new Set(await users.existingEmails(accounts.map((a) => a.email)));
  const missing = accounts.filter((a) => !existing.has(a.email));
  if (missing.length === 0) return 0;
  const rows = await Promise.all(
    missing.map(async (a) => ({
      id: newId(),
      email: a.email,
      name: a.name,
      phone: null,
      passwordHash: await hashPassword(a.password),
      role: a.role,
      restaurantId: a.restaurantId ?? null,
      courierId: a.courierId ?? null,
    })),
  );
  const created = await users.seed(rows);
  log.info(
    { created, emails: missing.map((a) => a.email) },
    "demo accounts created (DEMO_ACCOUNTS is on; see README for their passwords)",
  );
  return created;
}
