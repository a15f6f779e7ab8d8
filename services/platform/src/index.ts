export { startPlatform } from "./platform.ts";
export { readEnv, type PlatformConfig } from "./env.ts";
export { SERVICES } from "./services.ts";
