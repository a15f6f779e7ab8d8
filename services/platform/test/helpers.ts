export { startPlatformProcess, type RunningPlatform } from "../src/testing.ts";
