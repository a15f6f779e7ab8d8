export { startPaymentService } from "./start.ts";
export { readEnv, PaymentEnv, type PaymentConfig } from "./env.ts";
export { buildApp, type PaymentAppDeps } from "./app.ts";
