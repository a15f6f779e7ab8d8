import pg from "pg";

/** What one service's pool has sent to its database since the process started. */
export interface StatementCounts {
  /** Statements sent (each is one round trip). */
  statements: number;
  /** Transactions: every BEGIN, plus every statement sent outside one (PostgreSQL commits it alone). */
  transactions: number;
}

const counts = new Map<string, StatementCounts>();

const TRANSACTION_START = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK|END|ABORT)\b/i;

function queryText(config: unknown): string {
  if (typeof config === "string") return config;
  if (config && typeof config === "object" && "text" in config && typeof config.text === "string") return config.text;
  return "";
}

/**
 * A `pg.Client` that counts what it sends, per service: a regex test and an increment per statement, cheap enough to stay on
 * in production. The benchmarks read the counts (`databaseStatementCounts`) to report statements and
 * transactions per order; the budget (docs/performance) is stated in these units.
 */
export function countingClient(service: string): typeof pg.Client {
  const tally: StatementCounts = counts.get(service) ?? { statements: 0, transactions: 0 };
  counts.set(service, tally);
  return class CountingClient extends pg.Client {
    #inTransaction = false;
    override query(...args: unknown[]): never {
      const text = queryText(args[0]);
      tally.statements++;
      if (TRANSACTION_START.test(text)) {
        this.#inTransaction = true;
        tally.transactions++;
      } else if (TRANSACTION_END.test(text)) {
        this.#inTransaction = false;
      } else if (!this.#inTransaction) {
        tally.transactions++;
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  };
}

/** A snapshot of every service's counts in this process. */
export function databaseStatementCounts(): Record<string, StatementCounts> {
  return Object.fromEntries([...counts].map(([service, c]) => [service, { ...c }]));
}
