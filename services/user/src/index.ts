export { startUserService } from "./start.ts";
export { readEnv, UserEnv, type UserConfig } from "./env.ts";
export { buildApp, type UserAppDeps } from "./app.ts";
export { DEMO_ACCOUNTS, type DemoAccount } from "./domain/demo-accounts.ts";
