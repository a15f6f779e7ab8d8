import type { StatementCounts } from "@ustbites/kit/db";
import { nowMs } from "./order-stream.ts";
import type { Row } from "./stats.ts";

export type Counts = Record<string, StatementCounts>;
export type CountSource = () => Promise<Counts>;

/** What the platform's pools sent while some orders went through, per service and in total. */
export interface SqlPerOrder {
  orders: number;
  wallMs: number;
  byService: Record<string, StatementCounts>;
  total: StatementCounts;
  /** The same while nothing was ordered, per second (pollers, timers): subtract to see the orders' own cost. */
  idlePerSecond: StatementCounts;
}

const ZERO: StatementCounts = { statements: 0, transactions: 0 };

function delta(before: Counts, after: Counts): Record<string, StatementCounts> {
  return Object.fromEntries(
    Object.entries(after).map(([service, a]) => {
      const b = before[service] ?? ZERO;
      return [service, { statements: a.statements - b.statements, transactions: a.transactions - b.transactions }];
    }),
  );
}

const sum = (counts: Record<string, StatementCounts>): StatementCounts =>
  Object.values(counts).reduce(
    (a, c) => ({ statements: a.statements + c.statements, transactions: a.transactions + c.transactions }),
    ZERO,
  );

/** How long to wait before and after a measured stretch: the idle window, and the saga's tail (emails after DELIVERED). */
const IDLE_WINDOW_MS = 2000;
const SETTLE_MS = 1000;

/**
 * Counts what `run` costs in SQL: an idle window first (what the platform sends with nothing to do),
 * then `run`, then a short settle for work that trails the last DELIVERED. `run` returns how many
 * orders it completed.
 */
export async function countSql(
  counts: CountSource,
  run: () => Promise<number>,
): Promise<{ orders: number; sql: SqlPerOrder }> {
  const idleStart = await counts();
  const idleBegan = nowMs();
  await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
  const idleEnd = await counts();
  const idle = sum(delta(idleStart, idleEnd));
  const idleSeconds = (nowMs() - idleBegan) / 1000;
  const began = nowMs();
  const orders = await run();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const byService = delta(idleEnd, await counts());
  return {
    orders,
    sql: {
      orders,
      wallMs: nowMs() - began,
      byService,
      total: sum(byService),
      idlePerSecond: { statements: idle.statements / idleSeconds, transactions: idle.transactions / idleSeconds },
    },
  };
}

const per = (value: number, orders: number) => (orders > 0 ? (value / orders).toFixed(1) : "–");

/** One row per service and a total: statements and transactions per order, raw and net of the idle rate. */
export function sqlRows(mode: string, phase: string, s: SqlPerOrder): Row[] {
  const seconds = s.wallMs / 1000;
  const rows: Row[] = Object.entries(s.byService)
    .filter(([, c]) => c.statements > 0)
    .sort(([, a], [, b]) => b.statements - a.statements)
    .map(([service, c]) => ({
      mode,
      phase,
      service,
      orders: s.orders,
      "statements/order": per(c.statements, s.orders),
      "transactions/order": per(c.transactions, s.orders),
      "net of idle: statements": "",
      "net: transactions": "",
    }));
  rows.push({
    mode,
    phase,
    service: "TOTAL",
    orders: s.orders,
    "statements/order": per(s.total.statements, s.orders),
    "transactions/order": per(s.total.transactions, s.orders),
    "net of idle: statements": per(s.total.statements - s.idlePerSecond.statements * seconds, s.orders),
    "net: transactions": per(s.total.transactions - s.idlePerSecond.transactions * seconds, s.orders),
  });
  return rows;
}
