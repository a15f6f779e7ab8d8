import { expect } from "vitest";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { createEvent, type CardInput, type ServiceName } from "@ustbites/contracts";
import { createLogger, type App } from "@ustbites/kit";
import type { Database } from "@ustbites/kit/db";
import { card, createTestKeys, openTestDatabase } from "@ustbites/kit/testing";
import { buildApp, type PaymentAppDeps } from "../src/app.ts";
import { readEnv } from "../src/env.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export interface Student {
  id: string;
  /** The student's own access token: what payment-service must refuse. */
  token: string;
  /** `authorization` with order-service's service token: how every payment for this student is asked for. */
  headers: { authorization: string };
}

export interface TestApp {
  app: App;
  prisma: PrismaClient;
  db: Database;
  /** A new student (the payer), with order-service's headers to ask for their payments. */
  student(): Promise<Student>;
  /** A service token signed by the key the app trusts, as user-service issues them. */
  serviceToken(service: ServiceName, audience?: ServiceName): Promise<string>;
  close(): Promise<void>;
}

export type TestAppOptions = Pick<PaymentAppDeps, "processingLeaseMs" | "onEventsEnqueued" | "subscribe"> & {
  timeoutCardDelayMs?: number;
};

/** A payment-service app on its own fresh PostgreSQL database, trusting a key pair made here instead of user-service's JWKS. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await openTestDatabase({
    service: "payment",
    migrationsDir: MIGRATIONS_DIR,
    client: (options) => new PrismaClient(options),
  });
  const { prisma, db } = testDb;
  const log = createLogger("payment", "silent");
  const config = readEnv({
    LOG_LEVEL: "silent",
    PROCESSOR_TIMEOUT_CARD_DELAY_MS: String(opts.timeoutCardDelayMs ?? 500),
  });
  const keys = await createTestKeys({ issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  const app = await buildApp({
    prisma,
    config,
    keys: keys.keys,
    logger: log,
    readiness: { database: db.ping },
    ...(opts.processingLeaseMs !== undefined ? { processingLeaseMs: opts.processingLeaseMs } : {}),
    ...(opts.onEventsEnqueued ? { onEventsEnqueued: opts.onEventsEnqueued } : {}),
    ...(opts.subscribe ? { subscribe: opts.subscribe } : {}),
  });
  await app.ready();
  const serviceToken = (service: ServiceName, audience: ServiceName = "payment") =>
    keys.serviceToken(service, audience);
  return {
    app,
    prisma,
    db,
    serviceToken,
    async student() {
      const id = randomUUID();
      const token = await keys.student(id);
      return { id, token, headers: { authorization: `Bearer ${await serviceToken("order")}` } };
    },
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}

/** A valid POST /payments body for `student`. */
export function paymentBody(
  student: Student,
  overrides: { orderId?: string; amountCents?: number; card?: CardInput } = {},
) {
  return {
    orderId: overrides.orderId ?? randomUUID(),
    userId: student.id,
    amountCents: overrides.amountCents ?? 4850,
    currency: "HKD",
    card: overrides.card ?? card(),
  };
}

/** How many rows each table that a request might write holds: "nothing written" compares two of these. */
export async function rowCounts(prisma: PrismaClient) {
  const [payments, refunds, charges, outbox] = await Promise.all([
    prisma.payment.count(),
    prisma.refund.count(),
    prisma.processorCharge.count(),
    prisma.outboxEvent.count(),
  ]);
  return { payments, refunds, charges, outbox };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the payment for `orderId` exists and is PENDING: the first request is with the processor. */
export const pendingPayment = (prisma: PrismaClient, orderId: string) =>
  expect.poll(async () => (await prisma.payment.findUnique({ where: { orderId } }))?.status).toBe("PENDING");

/** The state a crash leaves: the PENDING row, its lease run out, and maybe a charge at the processor. */
export async function abandonedPayment(t: TestApp, student: Student, opts: { charged: boolean }) {
  const body = paymentBody(student);
  const id = randomUUID();
  await t.prisma.payment.create({
    data: {
      id,
      orderId: body.orderId,
      userId: student.id,
      status: "PENDING",
      amountCents: body.amountCents,
      currency: "HKD",
      cardLast4: "4242",
      cardBrand: "visa",
      leaseExpiresAt: new Date(Date.now() - 1000),
    },
  });
  if (opts.charged) {
    await t.prisma.processorCharge.create({
      data: { reference: id, status: "SUCCEEDED", amountCents: body.amountCents, cardLast4: "4242" },
    });
  }
  return { body, id };
}

/** order.cancelled as order-service publishes it once a paid order is cancelled: what triggers a refund. */
export function orderCancelled(orderId: string, userId: string, totalCents = 4850) {
  return createEvent("order.cancelled", {
    orderId,
    userId,
    userEmail: "s@connect.ust.hk",
    restaurantName: "Spice Route",
    previousStatus: "CONFIRMED",
    reason: null,
    refunded: true,
    totalCents,
  });
}
