/**
 * What the outbox and inbox need of Prisma: a client or an interactive-transaction client. Structural,
 * so any service's generated PrismaClient fits without the kit depending on it.
 */
export interface SqlClient {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

export interface TransactionOptions {
  /** How long to wait for a connection. Prisma's default is 2000 ms. */
  maxWait?: number;
  /** How long the whole transaction may take. Prisma's default is 5000 ms. */
  timeout?: number;
}

/** A Prisma client: runs `fn` in an interactive transaction, handing it the transaction client. */
export interface TransactionalClient<Tx extends SqlClient = SqlClient> extends SqlClient {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: TransactionOptions): PromiseLike<R>;
}
