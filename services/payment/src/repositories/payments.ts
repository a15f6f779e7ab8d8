import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { DomainEvent } from "@ustbites/contracts";
import { outboxInsert } from "@ustbites/kit/bus";
import type { CardBrand, DeclineReason, PaymentStatus } from "../generated/prisma/enums.ts";

export type Db = PrismaClient | Prisma.TransactionClient;

export interface NewPayment {
  id: string;
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
  cardLast4: string;
  cardBrand: CardBrand;
  leaseExpiresAt: Date;
}

export const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

export function createPaymentRepository(prisma: PrismaClient) {
  return {
    transaction: <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn),

    /** Inserts a PENDING payment; a second one for the same order fails with a unique violation. */
    createPending: (data: NewPayment, db: Db = prisma) => db.payment.create({ data: { ...data, status: "PENDING" } }),

    findById: (id: string, db: Db = prisma) => db.payment.findUnique({ where: { id } }),

    findByOrderId: (orderId: string, db: Db = prisma) => db.payment.findUnique({ where: { orderId } }),

    /**
     * Takes over a PENDING payment whose lease ran out (its request died). Of several callers racing,
     * exactly one sees true: the row lock serialises them and the others no longer match the filter.
     */
    claimAbandoned: async (id: string, now: Date, leaseExpiresAt: Date, db: Db = prisma): Promise<boolean> => {
      const { count } = await db.payment.updateMany({
        where: { id, status: "PENDING", leaseExpiresAt: { lt: now } },
        data: { leaseExpiresAt },
      });
      return count === 1;
    },

    /**
     * Moves a PENDING payment to its outcome and writes its events to the outbox, in one statement (one
     * round trip, PostgreSQL's implicit transaction); false, and nothing written, if someone settled it first.
     */
    settle: async (
      id: string,
      outcome: { status: PaymentStatus; declineReason: DeclineReason | null },
      at: Date,
      events: readonly DomainEvent[],
    ): Promise<boolean> => {
      const outbox = outboxInsert(events, 4, "EXISTS (SELECT 1 FROM changed)");
      const written = await prisma.$executeRawUnsafe(
        `WITH changed AS (
           UPDATE payments SET status = $2::"PaymentStatus", decline_reason = $3::"DeclineReason", lease_expires_at = NULL, updated_at = $4
            WHERE id = $1::uuid AND status = 'PENDING'
           RETURNING id
         )
         ${outbox.text}`,
        id,
        outcome.status,
        outcome.declineReason,
        at,
        ...outbox.values,
      );
      return written > 0;
    },

    /** SUCCEEDED → REFUNDED; false when the payment is in any other state. */
    markRefunded: async (id: string, db: Db = prisma): Promise<boolean> => {
      const { count } = await db.payment.updateMany({
        where: { id, status: "SUCCEEDED" },
        data: { status: "REFUNDED" },
      });
      return count === 1;
    },

    createRefund: (
      data: { id: string; paymentId: string; amountCents: number; currency: string; reason: string | null },
      db: Db = prisma,
    ) => db.refund.create({ data }),

    findRefund: (paymentId: string, db: Db = prisma) => db.refund.findUnique({ where: { paymentId } }),
  };
}

export type PaymentRepository = ReturnType<typeof createPaymentRepository>;
