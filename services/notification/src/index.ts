export { startNotificationService, type NotificationService } from "./start.ts";
export { readEnv, NotificationEnv, type NotificationConfig } from "./env.ts";
export { buildApp, type NotificationAppDeps } from "./app.ts";
