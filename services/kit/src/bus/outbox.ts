import { Gauge, type Registry } from "prom-client";
import { parseEvent, type DomainEvent } from "@ustbites/contracts";
import { ROOT_CONTEXT, trace, type Context, type Span } from "@opentelemetry/api";
import { activeTraceparent, extractTraceContext, tracerFor } from "../tracing/setup.ts";
import type { SqlClient, TransactionalClient } from "./sql.ts";
import { endPublishSpan } from "./tracing.ts";
import type { BusLogger, EventBus } from "./types.ts";

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters at three per row (and one per statement). */
const INSERT_CHUNK = 1000;

/** A parameterised SQL statement: `values[i]` binds `$${i + 1}`. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * The outbox INSERT for up to `INSERT_CHUNK` events, its parameters numbered from `$${paramOffset + 1}`,
 * so a caller can make it the last part of a larger statement (a `WITH … INSERT …` that writes its
 * state change and its events in one round trip). `onlyIf`, a SQL condition (e.g. `EXISTS (SELECT 1
 * FROM changed)`), writes the events only when the statement's change happened. See `enqueueEvents`
 * for the ordering it keeps.
 */
export function outboxInsert(events: readonly DomainEvent[], paramOffset = 0, onlyIf?: string): SqlStatement {
  if (events.length > INSERT_CHUNK)
    throw new Error(`outboxInsert takes at most ${INSERT_CHUNK} events, got ${events.length}`);
  const p = (n: number) => `$${paramOffset + n}`;
  const rows = events
    .map((_, i) => `(${p(3 * i + 1)}::uuid, ${p(3 * i + 2)}, ${p(3 * i + 3)}::jsonb, ${i})`)
    .join(", ");
  // The span writing the rows (the request or message being handled): the relay continues its trace.
  const traceparent = p(3 * events.length + 1);
  return {
    text: `INSERT INTO outbox (id, type, payload, created_at, traceparent)
       SELECT v.id, v.type, v.payload, base.at + v.ord * interval '1 millisecond', ${traceparent}::text
         FROM (VALUES ${rows}) AS v(id, type, payload, ord),
              (SELECT greatest(clock_timestamp(),
                               (SELECT max(created_at) + interval '1 millisecond' FROM outbox WHERE published_at IS NULL)) AS at) AS base
        ${onlyIf ? `WHERE ${onlyIf}` : ""}
        ORDER BY v.ord`,
    values: [...events.flatMap((event) => [event.id, event.type, JSON.stringify(event)]), activeTraceparent() ?? null],
  };
}

/**
 * Writes `events` to the outbox inside the caller's transaction, so they exist exactly when the state
 * change they describe commits. The relay publishes them afterwards (call its `kick()` to do it now).
 *
 * The relay publishes in `created_at` order, and `created_at` has millisecond precision, so rows written
 * together would tie and could go out in any order. Each row therefore gets its own millisecond: the
 * first the current time (or 1 ms past the newest pending row, if that is later, which keeps a second
 * call in the same transaction behind the first), the next 1 ms later, and so on.
 */
export async function enqueueEvents(tx: SqlClient, events: readonly DomainEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const { text, values } = outboxInsert(events.slice(start, start + INSERT_CHUNK));
    await tx.$executeRawUnsafe(text, ...values);
  }
}

export interface OutboxRelayOptions {
  db: TransactionalClient;
  bus: EventBus;
  service: string;
  log: BusLogger;
  registry?: Registry | undefined;
  /**
   * Poll period when idle. Producers `kick()` the relay after each commit that wrote outbox rows, so
   * the poll is only the fallback for rows nobody kicked for (a replica that died between its commit
   * and its kick): slow, so an idle service sends next to nothing. Default 5000 ms.
   */
  intervalMs?: number;
  /** First wait after a failed publish; it doubles up to `maxBackoffMs`. Default 500 ms. */
  retryDelayMs?: number;
  /** Rows claimed and published per transaction. Default 100. */
  batchSize?: number;
  /** Longest wait between attempts while publishing keeps failing (it doubles from `retryDelayMs`). Default 5000 ms. */
  maxBackoffMs?: number;
  /**
   * Bound on a batch's transaction, which holds its rows' locks (and, on embedded PGlite, the only
   * connection) across the publish; keep it above the bus's publish timeout. Default 10,000 ms.
   */
  transactionTimeoutMs?: number;
}

export interface OutboxRelay {
  /** Publish now rather than at the next poll; calls made while a batch runs coalesce into one more run. */
  kick(): void;
  /** Stops polling; resolves once a batch in progress has finished. */
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: string;
  payload: string;
  traceparent: string | null;
}

type BatchOutcome =
  { kind: "idle" } | { kind: "published"; count: number; full: boolean } | { kind: "failed"; error: unknown };

/**
 * Claims and marks a batch in one round trip: the rows are locked (`SKIP LOCKED`: replicas take
 * different rows) and marked published by the transaction that publishes them, so the mark only
 * becomes visible if that transaction commits after the broker confirmed; a failed publish or a crash
 * rolls it back and the rows are pending again. RETURNING has no order of its own: sort by created_at.
 */
const CLAIM = `WITH claimed AS (
    SELECT id FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
  ), marked AS (
    UPDATE outbox o SET published_at = clock_timestamp() FROM claimed WHERE o.id = claimed.id
    RETURNING o.id, o.payload, o.traceparent, o.created_at
  )
  SELECT id::text AS id, payload::text AS payload, traceparent FROM marked ORDER BY created_at`;

/** Thrown inside the batch's transaction to roll its marks back when the publish failed. */
class PublishFailed extends Error {
  readonly ids: string[];
  readonly error: unknown;
  constructor(ids: string[], error: unknown) {
    super("publish failed");
    this.ids = ids;
    this.error = error;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

interface RelaySpan {
  span: Span;
  context: Context;
}

/**
 * The relay's span for one row, a child of the span that wrote it (its stored `traceparent`), so the
 * asynchronous hop stays in the request's trace however long the row waited; the publish is its child.
 */
function startRelaySpan(service: string, event: DomainEvent, traceparent: string | null): RelaySpan {
  const parent = traceparent ? extractTraceContext({ traceparent }) : ROOT_CONTEXT;
  const span = tracerFor(service).startSpan(
    `outbox relay ${event.type}`,
    {
      attributes: {
        "messaging.message.id": event.id,
        "outbox.waited_ms": Math.max(0, Date.now() - Date.parse(event.occurredAt)),
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/**
 * Publishes the outbox: each run claims the oldest unpublished rows and marks them published in one
 * statement (`FOR UPDATE SKIP LOCKED`, so replicas of a service share the work without publishing a row
 * twice at once), publishes them in order with one confirm wait for the batch, and commits: BEGIN,
 * claim, COMMIT, three round trips a batch. If the publish fails, the transaction rolls back, so the
 * rows are unpublished again, `attempts` and `last_error` are updated and the relay backs off; the mark
 * only commits after the broker confirmed, so an outage delays but never loses events (a crash between
 * confirm and commit publishes a batch twice: consumers dedupe with the inbox).
 *
 * The transaction spans only the claim and the publish; the wait between runs holds no
 * connection, so on a one-connection pool (embedded PGlite) application queries interleave with it.
 */
export function startOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { db, bus, service, log } = opts;
  const intervalMs = opts.intervalMs ?? 5000;
  const retryDelayMs = opts.retryDelayMs ?? 500;
  const batchSize = opts.batchSize ?? 100;
  const maxBackoffMs = opts.maxBackoffMs ?? 5000;
  const transactionTimeoutMs = opts.transactionTimeoutMs ?? 10_000;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let kicked = false;
  let stopped = false;
  let failures = 0;

  if (opts.registry) registerGauges(opts.registry, db);

  async function runBatch(): Promise<BatchOutcome> {
    try {
      return await db.$transaction(
        async (tx): Promise<BatchOutcome> => {
          const rows = await tx.$queryRawUnsafe<ClaimedRow[]>(CLAIM, batchSize);
          if (rows.length === 0) return { kind: "idle" };
          const events: DomainEvent[] = [];
          const ids: string[] = [];
          const spans: RelaySpan[] = [];
          for (const row of rows) {
            try {
              const event = parseEvent(JSON.parse(row.payload));
              events.push(event);
              ids.push(row.id);
              spans.push(startRelaySpan(service, event, row.traceparent));
            } catch (error) {
              // Only a bug writes one of these (enqueueEvents takes typed events); publishing it would only
              // move the failure to every consumer.
              log.error({ service, outboxId: row.id, err: error }, "outbox row is not a valid event; left unpublished");
              await tx.$executeRawUnsafe(
                "UPDATE outbox SET published_at = NULL, attempts = attempts + 1, last_error = $2 WHERE id = $1::uuid",
                row.id,
                `invalid event: ${errorText(error)}`,
              );
            }
          }
          try {
            await bus.publish(events, { parents: spans.map((s) => s.context) });
            for (const s of spans) s.span.end();
          } catch (error) {
            for (const s of spans) endPublishSpan(s.span, error);
            throw new PublishFailed(ids, error);
          }
          return { kind: "published", count: events.length, full: rows.length === batchSize && events.length > 0 };
        },
        { timeout: transactionTimeoutMs, maxWait: transactionTimeoutMs },
      );
    } catch (failure) {
      if (!(failure instanceof PublishFailed)) throw failure;
      // The marks rolled back with the transaction; record why, outside it.
      await db.$executeRawUnsafe(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])",
        failure.ids,
        errorText(failure.error),
      );
      return { kind: "failed", error: failure.error };
    }
  }

  /** Runs batches until the outbox is drained (or publishing fails); returns the delay before the next run. */
  async function drain(): Promise<number> {
    for (;;) {
      kicked = false;
      let outcome: BatchOutcome;
      try {
        outcome = await runBatch();
      } catch (error) {
        outcome = { kind: "failed", error };
      }
      if (outcome.kind === "failed") {
        failures++;
        const delay = Math.min(maxBackoffMs, retryDelayMs * 2 ** (failures - 1));
        if (failures === 1 || failures % 10 === 0) {
          log.warn(
            { service, failures, retryInMs: delay, err: outcome.error },
            "outbox relay could not publish; backing off",
          );
        }
        return delay;
      }
      if (failures > 0) {
        log.info({ service, failures }, "outbox relay publishing again");
        failures = 0;
      }
      if (stopped) return intervalMs;
      if (outcome.kind === "idle" && !kicked) return intervalMs;
      if (outcome.kind === "published" && !outcome.full && !kicked) return intervalMs;
    }
  }

  function schedule(delayMs: number): void {
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
    // The service's server keeps the process alive; the relay alone should not (tests, CLIs).
    timer.unref();
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      kicked = true;
      return;
    }
    clearTimeout(timer);
    running = drain().then((delay) => {
      running = undefined;
      if (!stopped) schedule(kicked && failures === 0 ? 0 : delay);
    });
  }

  schedule(0);

  return {
    kick() {
      // While backing off, writes would only hammer a broker that is down: the backoff timer retries.
      if (stopped || failures > 0) return;
      run();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

interface OutboxStats {
  pending: number;
  oldestAgeSeconds: number;
}

/** Gauges read on scrape; a scrape collects both at once, and they share that one query. */
function registerGauges(registry: Registry, db: SqlClient): void {
  let inFlight: Promise<OutboxStats> | undefined;
  const stats = (): Promise<OutboxStats> => {
    inFlight ??= Promise.resolve(
      db.$queryRawUnsafe<{ pending: number; age: number }[]>(
        `SELECT count(*)::int AS pending,
                coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
           FROM outbox WHERE published_at IS NULL`,
      ),
    )
      .then(([row]) => ({ pending: row?.pending ?? 0, oldestAgeSeconds: row?.age ?? 0 }))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  for (const name of ["outbox_pending_events", "outbox_oldest_pending_age_seconds"]) registry.removeSingleMetric(name);
  new Gauge({
    name: "outbox_pending_events",
    help: "Outbox rows not yet published",
    registers: [registry],
    async collect() {
      this.set((await stats().catch(() => ({ pending: Number.NaN }))).pending);
    },
  });
  new Gauge({
    name: "outbox_oldest_pending_age_seconds",
    help: "Age of the oldest unpublished outbox row (0 when none)",
    registers: [registry],
    async collect() {
      this.set((await stats().catch(() => ({ oldestAgeSeconds: Number.NaN }))).oldestAgeSeconds);
    },
  });
}
