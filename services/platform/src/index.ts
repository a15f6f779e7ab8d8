export { startPlatform } from "./platform.ts";
export { readEnv, PlatformEnv, PlatformServiceEnv, type PlatformConfig } from "./env.ts";
export { SERVICES } from "./services.ts";
// The demo's admin, kitchens and couriers (seeded unless DEMO_ACCOUNTS is off), for scripts and tests that sign in as them.
export { DEMO_ACCOUNTS, type DemoAccount } from "@ustbites/user";
