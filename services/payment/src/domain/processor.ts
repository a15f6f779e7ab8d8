import { setTimeout as sleep } from "node:timers/promises";
import { TEST_CARDS, type CardInput, type DeclineReason } from "@ustbites/contracts";
import type { PrismaClient } from "../generated/prisma/client.ts";

export interface ChargeRequest {
  /** The processor-side idempotency key: the payment id. */
  reference: string;
  amountCents: number;
  currency: string;
  card: CardInput;
}

export type ChargeOutcome =
  { status: "SUCCEEDED"; declineReason: null } | { status: "DECLINED"; declineReason: DeclineReason };

/** The card network's side of a payment, as payment-service sees it. */
export interface PaymentProcessor {
  /** Charges once per reference: a repeated call with the same reference returns the first outcome. */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /**
   * The final word on a reference whose charge request may or may not have arrived: the recorded
   * outcome if it did, otherwise the reference is voided (declined, processor_error) so a charge
   * arriving late is refused rather than taking money for a payment already reported failed.
   */
  resolve(reference: string): Promise<ChargeOutcome>;
}

const SUCCEEDED: ChargeOutcome = { status: "SUCCEEDED", declineReason: null };

function decide(cardNumber: string): ChargeOutcome {
  if (cardNumber === TEST_CARDS.decline) return { status: "DECLINED", declineReason: "card_declined" };
  if (cardNumber === TEST_CARDS.insufficientFunds) return { status: "DECLINED", declineReason: "insufficient_funds" };
  return SUCCEEDED;
}

function toOutcome(row: { status: string; declineReason: DeclineReason | null }): ChargeOutcome {
  return row.status === "SUCCEEDED"
    ? SUCCEEDED
    : { status: "DECLINED", declineReason: row.declineReason ?? "processor_error" };
}

/**
 * A card processor simulated by card number (TEST_CARDS). Its ledger lives in the `processor_charges`
 * table, standing in for the external processor's own records, so "charged once" is checkable and
 * survives a restart of payment-service.
 */
export function createSimulatedProcessor(opts: { prisma: PrismaClient; timeoutCardDelayMs: number }): PaymentProcessor {
  const { prisma } = opts;

  /**
   * First writer wins: the INSERT returns the outcome it recorded, in one round trip; on a conflict it
   * returns nothing and the row already there (the first writer's) is the outcome.
   */
  async function record(reference: string, outcome: ChargeOutcome, amountCents: number, cardLast4: string | null) {
    const [inserted] = await prisma.$queryRawUnsafe<{ status: string; declineReason: DeclineReason | null }[]>(
      `INSERT INTO processor_charges (reference, status, decline_reason, amount_cents, card_last4)
       VALUES ($1::uuid, $2::"PaymentStatus", $3::"DeclineReason", $4, $5)
       ON CONFLICT (reference) DO NOTHING
       RETURNING status::text AS status, decline_reason::text AS "declineReason"`,
      reference,
      outcome.status,
      outcome.declineReason,
      amountCents,
      cardLast4,
    );
    return toOutcome(inserted ?? (await prisma.processorCharge.findUniqueOrThrow({ where: { reference } })));
  }

  return {
    async charge(request) {
      if (request.card.number === TEST_CARDS.timeout) {
        // Only the slow card looks first: a repeated charge answers at once instead of waiting again.
        const earlier = await prisma.processorCharge.findUnique({ where: { reference: request.reference } });
        if (earlier) return toOutcome(earlier);
        await sleep(opts.timeoutCardDelayMs);
      }
      return record(request.reference, decide(request.card.number), request.amountCents, request.card.number.slice(-4));
    },

    async resolve(reference) {
      return record(reference, { status: "DECLINED", declineReason: "processor_error" }, 0, null);
    },
  };
}
