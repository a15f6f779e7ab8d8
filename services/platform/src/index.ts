export { startPlatform } from "./platform.ts";
export { readEnv, PlatformEnv, type PlatformConfig } from "./env.ts";
export { SERVICES } from "./services.ts";
