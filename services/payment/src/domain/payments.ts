import {
  cardBrandOf,
  createEvent,
  Currency,
  PROBLEM_TYPES,
  type CreatePaymentBody,
  type DomainEvent,
  type Payment as PaymentView,
} from "@ustbites/contracts";
import { conflict, HttpProblem, newId } from "@ustbites/kit";
import { enqueueEvents } from "@ustbites/kit/bus";
import type { Payment, Refund } from "../generated/prisma/client.ts";
import { isUniqueViolation, type PaymentRepository } from "../repositories/payments.ts";
import type { ChargeOutcome, PaymentProcessor } from "./processor.ts";

export interface PaymentsDeps {
  repo: PaymentRepository;
  processor: PaymentProcessor;
  /**
   * How long the request that created a PENDING payment may keep talking to the processor before the
   * payment counts as abandoned. Must exceed the processor's slowest answer.
   */
  leaseMs: number;
  now: () => Date;
  /** Called after a commit that wrote outbox rows, so the relay publishes them now instead of at its next poll. */
  onEventsEnqueued: () => void;
}

export const toPaymentView = (row: Payment): PaymentView => ({
  id: row.id,
  orderId: row.orderId,
  userId: row.userId,
  status: row.status,
  amountCents: row.amountCents,
  currency: Currency.parse(row.currency),
  cardLast4: row.cardLast4,
  cardBrand: row.cardBrand,
  declineReason: row.declineReason,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const notFound = (detail: string) => new HttpProblem(404, "Not Found", { type: PROBLEM_TYPES.notFound, detail });

function outcomeEvent(row: Payment): DomainEvent {
  // Saga events correlate on the order id, so every service's logs line up on one key.
  const options = { source: "payment", correlationId: row.orderId } as const;
  const base = {
    paymentId: row.id,
    orderId: row.orderId,
    userId: row.userId,
    amountCents: row.amountCents,
    currency: Currency.parse(row.currency),
  };
  if (row.status === "SUCCEEDED")
    return createEvent("payment.succeeded", { ...base, cardLast4: row.cardLast4, cardBrand: row.cardBrand }, options);
  if (row.status === "DECLINED" && row.declineReason)
    return createEvent("payment.declined", { ...base, declineReason: row.declineReason }, options);
  throw new Error(`payment ${row.id} settled into ${row.status} without an outcome event`);
}

/** Charging (idempotent by order id), settling abandoned payments, look-ups and refunds. */
export function createPayments(deps: PaymentsDeps) {
  const { repo, processor } = deps;
  const leaseFrom = (now: Date) => new Date(now.getTime() + deps.leaseMs);

  /** Writes the outcome and its event in one statement; a payment someone else settled stays as they left it. */
  async function settle(row: Payment, outcome: ChargeOutcome): Promise<Payment> {
    const at = deps.now();
    const settled: Payment = { ...row, ...outcome, leaseExpiresAt: null, updatedAt: at };
    if (await repo.settle(row.id, outcome, at, [outcomeEvent(settled)])) {
      deps.onEventsEnqueued();
      return settled;
    }
    const current = await repo.findById(row.id);
    if (!current) throw new Error(`payment ${row.id} vanished while settling`);
    return current;
  }

  async function charge(row: Payment, input: CreatePaymentBody): Promise<Payment> {
    const outcome = await processor.charge({
      reference: row.id,
      amountCents: row.amountCents,
      currency: row.currency,
      card: input.card,
    });
    return settle(row, outcome);
  }

  /** The same order asked again: the first payment's answer, never a second charge. */
  async function replay(input: CreatePaymentBody, card: { last4: string; brand: string }): Promise<Payment> {
    const existing = await repo.findByOrderId(input.orderId);
    if (!existing) throw new Error(`order ${input.orderId} hit the unique index but has no payment`);
    const same =
      existing.userId === input.userId &&
      existing.amountCents === input.amountCents &&
      existing.currency === input.currency &&
      existing.cardLast4 === card.last4 &&
      existing.cardBrand === card.brand;
    if (!same) {
      throw conflict(
        `Order ${input.orderId} already has a payment with a different amount, card or payer; a new payment needs a new order`,
        PROBLEM_TYPES.idempotencyConflict,
      );
    }
    if (existing.status !== "PENDING") return existing;
    const now = deps.now();
    // Its request died mid-way (lease expired): finish the job. The processor's own idempotency by
    // reference means a charge that already went through is reported, not repeated.
    if (await repo.claimAbandoned(existing.id, now, leaseFrom(now))) return charge(existing, input);
    const current = await repo.findById(existing.id);
    if (current && current.status !== "PENDING") return current;
    throw new HttpProblem(409, "Conflict", {
      type: PROBLEM_TYPES.idempotencyInProgress,
      detail: `The payment for order ${input.orderId} is still being processed; retry shortly or look it up with GET /payments?orderId=`,
      headers: { "retry-after": "1" },
    });
  }

  /**
   * A PENDING payment nobody is processing any more gets the processor's final word (charged, or
   * voided so it never will be), so a reconciler's look-up always ends with an answer.
   */
  async function settleIfAbandoned(row: Payment): Promise<Payment> {
    const now = deps.now();
    if (row.status !== "PENDING" || !row.leaseExpiresAt || row.leaseExpiresAt >= now) return row;
    if (!(await repo.claimAbandoned(row.id, now, leaseFrom(now)))) return (await repo.findById(row.id)) ?? row;
    return settle(row, await processor.resolve(row.id));
  }

  function found(row: Payment | null, what: string): Payment {
    if (!row) throw notFound(`No payment ${what}`);
    return row;
  }

  /** The refund itself (full, at most one per payment); null if the payment is not refundable. */
  async function refundPayment(
    payment: Payment,
    reason: string | null,
  ): Promise<{ refund: Refund; created: boolean } | null> {
    const result = await repo.transaction(async (tx) => {
      // The conditional update takes the row lock: of two concurrent refunds, the second waits, finds
      // the status already REFUNDED, and reads the first one's refund.
      if (await repo.markRefunded(payment.id, tx)) {
        const refund = await repo.createRefund(
          { id: newId(), paymentId: payment.id, amountCents: payment.amountCents, currency: payment.currency, reason },
          tx,
        );
        await enqueueEvents(tx, [
          createEvent(
            "payment.refunded",
            {
              paymentId: payment.id,
              refundId: refund.id,
              orderId: payment.orderId,
              userId: payment.userId,
              amountCents: refund.amountCents,
              currency: Currency.parse(refund.currency),
              reason: refund.reason,
            },
            { source: "payment", correlationId: payment.orderId },
          ),
        ]);
        return { refund, created: true };
      }
      const existing = await repo.findRefund(payment.id, tx);
      return existing ? { refund: existing, created: false } : null;
    });
    if (result?.created) deps.onEventsEnqueued();
    return result;
  }
  return {
    /** The caller is order-service (service identity): body.userId is the student it placed the order for. */
    async create(input: CreatePaymentBody): Promise<{ payment: PaymentView; created: boolean }> {
      const card = { last4: input.card.number.slice(-4), brand: cardBrandOf(input.card.number) };
      const now = deps.now();
      let row: Payment;
      try {
        // PENDING first, so a crash during the processor call leaves a row that can be settled later.
        row = await repo.createPending({
          id: newId(),
          orderId: input.orderId,
          userId: input.userId,
          amountCents: input.amountCents,
          currency: input.currency,
          cardLast4: card.last4,
          cardBrand: card.brand,
          leaseExpiresAt: leaseFrom(now),
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        return { payment: toPaymentView(await replay(input, card)), created: false };
      }
      return { payment: toPaymentView(await charge(row, input)), created: true };
    },

    async findByOrder(orderId: string): Promise<PaymentView> {
      const row = found(await repo.findByOrderId(orderId), `for order ${orderId}`);
      return toPaymentView(await settleIfAbandoned(row));
    },

    async get(id: string): Promise<PaymentView> {
      const row = found(await repo.findById(id), id);
      return toPaymentView(await settleIfAbandoned(row));
    },

    /**
     * An order that will not go ahead (cancelled, or failed after its charge went through late) gets its
     * money back. A payment still PENDING throws, so the event is retried once the charge has settled.
     * Redelivery is harmless: a payment is refunded at most once.
     */
    async refundForOrder(orderId: string, reason: string): Promise<"refunded" | "nothing_to_refund"> {
      const found = await repo.findByOrderId(orderId);
      // A payment whose request died with its process (lease run out) would stay PENDING for ever: get the
      // processor's final word first, so a charge that went through is refunded and one that never
      // arrived is voided.
      const payment = found && (await settleIfAbandoned(found));
      if (!payment || payment.status === "DECLINED" || payment.status === "REFUNDED") return "nothing_to_refund";
      if (payment.status === "PENDING") throw new Error(`payment for order ${orderId} is still pending; retry later`);
      await refundPayment(payment, reason);
      return "refunded";
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
