import type { SqlClient, TransactionalClient, TransactionOptions } from "./sql.ts";

/**
 * Runs `fn` at most once per (event, consumer): in one transaction, records the event in the inbox and,
 * only if it was not there yet, runs `fn` with the transaction client, so its effects commit together
 * with the inbox row (or neither does, and a redelivery tries again). A concurrent duplicate waits on
 * the row's key until the first commits, then finds it. Resolves whether `fn` ran.
 */
export async function handleOnce<Tx extends SqlClient>(
  db: TransactionalClient<Tx>,
  consumer: string,
  eventId: string,
  fn: (tx: Tx) => Promise<void>,
  options?: TransactionOptions,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const inserted = await tx.$executeRawUnsafe(
      "INSERT INTO inbox (event_id, consumer) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING",
      eventId,
      consumer,
    );
    if (inserted === 0) return false;
    await fn(tx);
    return true;
  }, options);
}
