import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createEvent, TEST_CARDS, TERMINAL_STATUSES } from "@ustbites/contracts";
import { createAmqpBus } from "@ustbites/kit/bus";
import { createTcpProxy, testRabbitUrl, type TcpProxy } from "@ustbites/kit/testing";
import { createRealStores, type RealStores } from "@ustbites/platform/testing";
import { FASTEST_CLOCK } from "./client.ts";
import { launchPlatform, type LaunchedPlatform } from "./launch.ts";
import { nowMs } from "./order-stream.ts";
import { fillCart, placeAccepting202, signUp } from "./orders.ts";
import type { Row } from "./stats.ts";

const exec = promisify(execFile);

export interface DrillOptions {
  /** Orders placed in the drill. */
  orders: number;
  /** Students ordering at once. */
  students: number;
  /** How long the broker stays cut (broker-cut drill). */
  cutMs: number;
  /** After the fault is over, how long every order gets to end (and poison to be parked). */
  drainTimeoutMs: number;
  /** No order is started after this long (the ordering phase's bound in time). */
  orderingBudgetMs: number;
  /** The drills to run (DRILL_NAMES); all when empty. */
  only: DrillName[];
}

export interface DrillResult {
  name: string;
  placed: number;
  confirmed: number;
  errors: number;
  firstErrors: string[];
  delivered: number;
  /**
   * Orders that never ended (DELIVERED, or PAYMENT_FAILED when the payment never settled), read from
   * order-service's database, so an order whose POST died with the process counts too; plus accepted
   * orders (201 or 202) missing there. Must be 0.
   */
  lost: number;
  /** Orders in order-service's database: accepted ones plus those whose POST got no answer (the crash). */
  inDatabase: number;
  /** Orders charged at the processor, not refunded, that did not end DELIVERED: must be 0. */
  chargedNotDelivered: number;
  /** Emails claimed by a sender more than once (one that died mid-send): possibly sent twice, with the same Message-ID. */
  emailsReclaimed: number;
  /** Messages still unsent at the end (a dead sender's claims wait out their lease first): must be 0. */
  unsent: number;
  /** Effects that happened twice (each must be 0): charges, emails, deliveries. */
  doubleCharges: number;
  doubleEmails: number;
  doubleDeliveries: number;
  /** Messages parked in dead-letter queues. */
  deadLettered: number;
  /** From the end of the fault to the last order ending. */
  drainMs: number;
  /** How long placing the orders took, and the whole drill (platform starts and checks included). */
  orderingMs: number;
  totalMs: number;
  /** What the fault found when it struck (the crash: what was in flight), and how long recovery took. */
  detail: string;
}

/** One query on one of the drill's databases. */
async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Rows past the first per key: what a second effect would leave behind. */
async function extraRows(url: string, sql: string): Promise<number> {
  return Number((await query<{ extra: string }>(url, sql))[0]?.extra ?? 0);
}

const TERMINAL_SQL = TERMINAL_STATUSES.map((s) => `'${s}'`).join(", ");

/** Orders in order-service's database, and how many have not ended. */
async function orderProgress(db: Record<string, string>): Promise<{ total: number; open: number; delivered: number }> {
  const [row] = await query<{ total: string; open: string; delivered: string }>(
    db.order!,
    `SELECT count(*) AS total, count(*) FILTER (WHERE status NOT IN (${TERMINAL_SQL})) AS open,
            count(*) FILTER (WHERE status = 'DELIVERED') AS delivered FROM orders`,
  );
  return { total: Number(row?.total ?? 0), open: Number(row?.open ?? 0), delivered: Number(row?.delivered ?? 0) };
}

/** Outbox rows not yet published, over every service that has an outbox. */
async function unpublished(db: Record<string, string>): Promise<number> {
  let total = 0;
  for (const service of ["order", "payment", "delivery"]) {
    if (!db[service]) continue;
    total += Number(
      (await query<{ n: string }>(db[service], "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL"))[0]?.n ??
        0,
    );
  }
  return total;
}

/** Messages in the vhost's `*.dlq` queues, read with rabbitmqctl (this machine's broker only). */
async function deadLettered(vhost: string): Promise<number> {
  const { stdout } = await exec(
    "rabbitmqctl",
    ["list_queues", "-q", "-p", vhost, "name", "messages", "--formatter", "json"],
    { timeout: 30_000 },
  );
  const queues = JSON.parse(stdout) as { name: string; messages: number }[];
  return queues.filter((q) => q.name.endsWith(".dlq")).reduce((a, q) => a + q.messages, 0);
}

/** The running drill, for a fault to act on. */
interface DrillContext {
  /** The platform serving now (a crash replaces it). */
  platform(): Promise<LaunchedPlatform>;
  proxy: TcpProxy;
  stores: RealStores;
  /**
   * SIGKILL of the platform process, then a new one on the same databases, vhost and data directory;
   * students wait for it meanwhile. Resolves once the new one serves, with what was in flight.
   */
  crashAndRestart(): Promise<string>;
}

/** One fault: what it does a quarter of the way into the orders, and what orders pay with meanwhile. */
interface Fault {
  name: string;
  /** The card the n-th order pays with; the success card when absent. */
  card?: (n: number) => string;
  /** Starts the fault; resolves when it is over (the drain is measured from then), with what it found. */
  inflict(ctx: DrillContext): Promise<string | void>;
  /** Messages this fault should leave in dead-letter queues; the drill waits (bounded) until they are there. */
  expectDeadLetters?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `orders` orders placed by `students` at once, on the real servers with RabbitMQ reached through a TCP
 * proxy this runner holds; a quarter of the way in, the fault starts. Then: did every order end
 * (DELIVERED, or PAYMENT_FAILED for one whose payment never settled), did anything happen twice or get
 * charged without food, what went to a dead-letter queue, and how long the backlog took to drain once
 * the fault was over. The stores belong to the drill, so a crashed platform restarts on them.
 */
async function runDrill(fault: Fault, opts: DrillOptions, log: (line: string) => void): Promise<DrillResult> {
  const drillStarted = nowMs();
  const stores = await createRealStores();
  const proxy = await createTcpProxy({ targetPort: Number(new URL(testRabbitUrl()).port || 5672) });
  // The first start seeds the catalogue; a restart must not (it would restore the real opening hours mid-drill).
  const launch = (seed: boolean) =>
    launchPlatform(
      "real",
      { ...FASTEST_CLOCK, ...(seed ? {} : { SEED_ON_START: "false" }) },
      {
        brokerPort: proxy.port,
        stores,
      },
    );
  let current = launch(true);
  const db = stores.databases;
  try {
    const students = await signUp(await current, opts.students);
    const accepted = new Set<string>();
    let started = 0;
    let confirmed = 0;
    let errors = 0;
    const firstErrors: string[] = [];
    let inflicted: Promise<string | void> | undefined;
    const ctx: DrillContext = {
      platform: () => current,
      proxy,
      stores,
      async crashAndRestart() {
        const dying = await current;
        const [open, outbox] = [(await orderProgress(db)).open, await unpublished(db)];
        const restarting = (async () => {
          await dying.kill();
          return launch(false);
        })();
        current = restarting;
        const killedAt = nowMs();
        await restarting;
        return `SIGKILL with ${open} orders open and ${outbox} outbox rows unpublished; restarted in ${((nowMs() - killedAt) / 1000).toFixed(1)} s`;
      },
    };
    const orderingStarted = nowMs();
    const faultAfter = Math.max(1, Math.floor(opts.orders / 4));
    await Promise.all(
      students.map(async (student) => {
        while (started < opts.orders && nowMs() - orderingStarted < opts.orderingBudgetMs) {
          const n = started++;
          if (n + 1 === faultAfter) inflicted = fault.inflict(ctx);
          const p = await current;
          try {
            await fillCart(p, student);
            const placed = await placeAccepting202(p, student, fault.card?.(n) ?? TEST_CARDS.success);
            accepted.add(placed.id);
            if (placed.confirmed) confirmed++;
          } catch (err) {
            errors++;
            if (firstErrors.length < 5) firstErrors.push((err as Error).message);
            await (
              await current
            )
              .api("/api/cart/cart", { method: "DELETE", token: student.token })
              .catch(() => undefined);
          }
        }
      }),
    );
    const orderingMs = nowMs() - orderingStarted;
    const detail = (await (inflicted ?? fault.inflict(ctx))) ?? "";
    const over = nowMs();
    log(`drill: ${fault.name}: fault over, ${accepted.size} accepted; waiting for every order to end`);
    let progress = await orderProgress(db);
    let lastEnded = nowMs();
    let ended = progress.total - progress.open;
    while (nowMs() - over < opts.drainTimeoutMs) {
      progress = await orderProgress(db);
      if (progress.total - progress.open > ended) lastEnded = nowMs();
      ended = progress.total - progress.open;
      if (progress.open === 0 && progress.total >= accepted.size) break;
      await sleep(200);
    }
    // Emails trail the last DELIVERED; those a killed sender had claimed wait out their lease (60 s).
    const pendingSql = "SELECT count(*) AS extra FROM notifications WHERE status = 'PENDING'";
    let unsent = await extraRows(db.notification!, pendingSql);
    for (const waitStarted = nowMs(); unsent > 0 && nowMs() - waitStarted < opts.drainTimeoutMs;) {
      await sleep(1000);
      unsent = await extraRows(db.notification!, pendingSql);
    }
    const p = await current;
    const { vhost } = await p.stores();
    let parked = vhost ? await deadLettered(vhost) : Number.NaN;
    // Poison is retried with backoff before it is parked (notification: 8 attempts, about a minute).
    for (
      const waitStarted = nowMs();
      vhost &&
      fault.expectDeadLetters &&
      parked < fault.expectDeadLetters &&
      nowMs() - waitStarted < opts.drainTimeoutMs;
    ) {
      await sleep(2000);
      parked = await deadLettered(vhost);
    }
    const statuses = new Map(
      (
        await query<{ id: string; status: string }>(
          db.order!,
          "SELECT id::text AS id, status::text AS status FROM orders",
        )
      ).map((r) => [r.id, r.status] as const),
    );
    // A failed order's refund follows its failure (order.payment_failed → payment-service): wait for it, bounded.
    const chargedFor = async () =>
      (
        await query<{ order_id: string; payment: string }>(
          db.payment!,
          `SELECT p.order_id::text AS order_id, p.status::text AS payment FROM payments p
             JOIN processor_charges c ON c.reference = p.id
            WHERE c.status = 'SUCCEEDED' AND p.status <> 'REFUNDED'`,
        )
      ).filter((c) => statuses.get(c.order_id) !== "DELIVERED");
    let chargedNotDelivered = await chargedFor();
    for (const waitStarted = nowMs(); chargedNotDelivered.length > 0 && nowMs() - waitStarted < opts.drainTimeoutMs;) {
      await sleep(2000);
      chargedNotDelivered = await chargedFor();
    }
    // What the stores say about each, before they are dropped: the case to reproduce.
    for (const c of chargedNotDelivered.slice(0, 5)) {
      const [order] = await query<{ status: string; failure_reason: string | null }>(
        db.order!,
        `SELECT status::text AS status, failure_reason FROM orders WHERE id = '${c.order_id}'::uuid`,
      );
      firstErrors.push(
        `charged, not delivered: order ${c.order_id} ${order?.status ?? "missing"} (${order?.failure_reason ?? ""}), payment ${c.payment}`,
      );
    }
    const notDelivered = new Map<string, number>();
    for (const status of statuses.values())
      if (status !== "DELIVERED") notDelivered.set(status, (notDelivered.get(status) ?? 0) + 1);
    return {
      name: fault.name,
      placed: started,
      confirmed,
      errors,
      firstErrors,
      delivered: progress.delivered,
      inDatabase: statuses.size,
      lost:
        [...statuses.values()].filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s)).length +
        [...accepted].filter((id) => !statuses.has(id)).length,
      chargedNotDelivered: chargedNotDelivered.length,
      doubleCharges: await extraRows(
        db.payment!,
        "SELECT (SELECT count(*) FROM processor_charges) - (SELECT count(*) FROM payments) AS extra",
      ),
      doubleEmails: await extraRows(
        db.notification!,
        "SELECT count(*) - count(DISTINCT (order_id, template, channel)) AS extra FROM notifications WHERE order_id IS NOT NULL",
      ),
      emailsReclaimed: await extraRows(
        db.notification!,
        "SELECT count(*) AS extra FROM notifications WHERE channel = 'email' AND status = 'SENT' AND attempts > 1",
      ),
      doubleDeliveries: await extraRows(
        db.delivery!,
        "SELECT count(*) - count(DISTINCT order_id) AS extra FROM deliveries",
      ),
      unsent,
      deadLettered: parked,
      drainMs: lastEnded - over,
      orderingMs,
      totalMs: nowMs() - drillStarted,
      detail: [detail, ...[...notDelivered].map(([status, n]) => `${status} × ${n}`)].filter(Boolean).join("; "),
    };
  } finally {
    await (await current.catch(() => undefined))?.close();
    await proxy.close();
    await stores.drop();
  }
}

/** (a) The broker connection is cut for `cutMs` and refused meanwhile; ordering carries on (the outbox holds the events). */
export const brokerCut = (cutMs: number): Fault => ({
  name: `broker cut ${cutMs / 1000} s`,
  async inflict({ proxy }) {
    proxy.cut();
    await sleep(cutMs);
    proxy.restore();
  },
});

/**
 * (c) One order in ten pays with the card whose processor answers after order-service gave up: the
 * POST answers 202 and the order is settled later by payment.succeeded (the reconciler).
 */
export const paymentTimeouts: Fault = {
  name: "10% of payments time out",
  card: (n) => (n % 10 === 9 ? TEST_CARDS.timeout : TEST_CARDS.success),
  inflict: async () => {},
};

const POISON_EVENTS = 3;

/**
 * (d) Poison: delivery events for orders and students nobody knows, published straight onto the
 * platform's exchange. order-service's delivery consumer and notification's consumer throw on each,
 * retry with backoff and park it in their dead-letter queue, while real orders go on around them.
 */
export const poisonEvents: Fault = {
  name: `poison events (${POISON_EVENTS})`,
  expectDeadLetters: 2 * POISON_EVENTS,
  async inflict({ stores }) {
    const { vhost } = stores;
    const url = new URL(testRabbitUrl());
    url.pathname = `/${encodeURIComponent(vhost)}`;
    const bus = await createAmqpBus({
      url: url.toString(),
      service: "bench",
      log: { info() {}, warn() {}, error() {} },
    });
    try {
      const courier = { id: randomUUID(), name: "Nobody", vehicle: "bike" as const, phone: "+852 ****0000" };
      await bus.publish(
        Array.from({ length: POISON_EVENTS }, () =>
          createEvent(
            "delivery.picked_up",
            { orderId: randomUUID(), userId: randomUUID(), courier, eta: null, at: new Date().toISOString() },
            { source: "delivery" },
          ),
        ),
      );
    } finally {
      await bus.close();
    }
  },
};

/**
 * (b) The platform process is killed with SIGKILL a quarter of the way in, while orders are in flight
 * (payments mid-call, outbox rows unrelayed, messages delivered but not acked), and started again on
 * the same databases, vhost and data directory: the outboxes, the broker's redelivery and the inboxes
 * must finish every order exactly once.
 */
export const platformCrash: Fault = {
  name: "SIGKILL mid-saga + restart",
  inflict: (ctx) => ctx.crashAndRestart(),
};

export const DRILL_NAMES = ["broker-cut", "crash", "payment-timeouts", "poison"] as const;
export type DrillName = (typeof DRILL_NAMES)[number];

/** The drills `--only drills` runs, one platform (and its own stores) each. */
export async function runDrills(opts: DrillOptions, log: (line: string) => void): Promise<DrillResult[]> {
  const faults: Record<DrillName, Fault> = {
    "broker-cut": brokerCut(opts.cutMs),
    crash: platformCrash,
    "payment-timeouts": paymentTimeouts,
    poison: poisonEvents,
  };
  const results: DrillResult[] = [];
  for (const name of opts.only.length ? opts.only : DRILL_NAMES) {
    const fault = faults[name];
    const started = nowMs();
    log(`drill: ${fault.name}, ${opts.orders} orders by ${opts.students} students`);
    results.push(await runDrill(fault, opts, log));
    log(`drill: ${fault.name} done in ${((nowMs() - started) / 1000).toFixed(0)} s`);
  }
  return results;
}

export function drillRows(results: DrillResult[]): Row[] {
  return results.map((d) => ({
    drill: d.name,
    placed: d.placed,
    confirmed: d.confirmed,
    errors: d.errors,
    delivered: d.delivered,
    "in DB": d.inDatabase,
    lost: d.lost,
    "charged, not delivered": d.chargedNotDelivered,
    "double charges": d.doubleCharges,
    "double emails": d.doubleEmails,
    "double deliveries": d.doubleDeliveries,
    "emails re-claimed": d.emailsReclaimed,
    "unsent messages": d.unsent,
    "in DLQs": d.deadLettered,
    "drain s": (d.drainMs / 1000).toFixed(1),
    "ordering s / drill s": `${(d.orderingMs / 1000).toFixed(0)} / ${(d.totalMs / 1000).toFixed(0)}`,
    ...(d.detail ? { "at the fault": d.detail } : {}),
  }));
}
