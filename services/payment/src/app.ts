import { createService, serviceVerifierFor, type App } from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { PaymentConfig } from "./env.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { createPayments, type Payments } from "./domain/payments.ts";
import { createSimulatedProcessor, type PaymentProcessor } from "./domain/processor.ts";
import { createPaymentRepository } from "./repositories/payments.ts";
import { paymentRoutes } from "./routes/payments.ts";

/** Beyond the processor's slowest answer, how long a request may still take before its payment counts as abandoned. */
const LEASE_MARGIN_MS = 30_000;

export interface PaymentAppDeps {
  prisma: PrismaClient;
  config: Pick<
    PaymentConfig,
    "LOG_LEVEL" | "JWKS_URL" | "JWT_ISSUER" | "JWT_AUDIENCE" | "PROCESSOR_TIMEOUT_CARD_DELAY_MS"
  >;
  /** Where service-token keys come from; defaults to user-service's JWKS at config.JWKS_URL. Tests pass a local set. */
  keys?: JWTVerifyGetKey;
  logger?: Logger;
  readiness?: Record<string, () => Promise<unknown>>;
  /** Defaults to the simulated processor (TEST_CARDS). */
  processor?: PaymentProcessor;
  /** How long a PENDING payment stays with the request that created it; default: the timeout card's delay + 30 s. */
  processingLeaseMs?: number;
  /** Told after every commit that wrote outbox rows (start.ts kicks the relay). */
  onEventsEnqueued?: () => void;
  /** Starts consuming order events once the app is ready (start.ts: refunds on cancel / failed orders). */
  subscribe?: (payments: Payments) => Promise<{ close(): Promise<void> }>;
  now?: () => Date;
}

export async function buildApp(deps: PaymentAppDeps): Promise<App> {
  const { config } = deps;
  // Only services call payment, each with a service token made for "payment" (kit/service-identity).
  const verifyService = serviceVerifierFor(config, "payment", deps.keys);
  const app = await createService({
    name: "payment",
    description: "Payment intents and refunds, idempotent by order id, charged through a simulated card processor.",
    logLevel: config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: deps.readiness ?? {},
    verifyService,
  });
  const payments = createPayments({
    repo: createPaymentRepository(deps.prisma),
    processor:
      deps.processor ??
      createSimulatedProcessor({ prisma: deps.prisma, timeoutCardDelayMs: config.PROCESSOR_TIMEOUT_CARD_DELAY_MS }),
    leaseMs: deps.processingLeaseMs ?? config.PROCESSOR_TIMEOUT_CARD_DELAY_MS + LEASE_MARGIN_MS,
    now: deps.now ?? (() => new Date()),
    onEventsEnqueued: deps.onEventsEnqueued ?? (() => {}),
  });

  await app.register(paymentRoutes, { payments });
  const { subscribe } = deps;
  if (subscribe) {
    let subscription: { close(): Promise<void> } | undefined;
    app.addHook("onReady", async () => {
      subscription = await subscribe(payments);
    });
    app.addHook("onClose", async () => {
      await subscription?.close();
    });
  }
  return app;
}
