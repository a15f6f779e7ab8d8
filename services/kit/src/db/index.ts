import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { applyMigrations } from "./engine.ts";
import { startEmbeddedPostgres, type EmbeddedExtension, type EmbeddedServer } from "./embedded.ts";
import { describeUrl, ensureDatabase } from "./postgres.ts";
import { countingClient } from "./stats.ts";
import type { DatabaseConfig } from "../config.ts";

export { applyMigrations, readMigrations } from "./engine.ts";
export type { EmbeddedExtension } from "./embedded.ts";
export { databaseStatementCounts, type StatementCounts } from "./stats.ts";
export { databaseUrlFor, describeUrl, dropDatabase, ensureDatabase, withDatabase } from "./postgres.ts";

/**
 * Prisma waits 2 s by default for a connection to start an interactive transaction. Under a burst (or a
 * loaded CI machine running every suite at once) that is too tight: a request should queue for its
 * turn, not fail. Time-outs stay finite so a stuck transaction still ends.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

export interface DatabaseLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface DatabaseOptions {
  /** Service name, for logs. */
  service: string;
  /** PostgreSQL URL; unset = embedded PGlite persisted under `dataDir`. */
  url?: string | undefined;
  /** Where the embedded database lives (ignored with `url`). */
  dataDir: string;
  /** The service's `prisma/migrations` folder. */
  migrationsDir: string;
  /** Apply committed migrations before returning. */
  migrate: boolean;
  log: DatabaseLogger;
  /** Pool size against a real server (embedded is always 1). Default 10. */
  poolMax?: number;
  /**
   * Extensions the migrations create (e.g. `pg_trgm`), loaded into embedded PGlite; a real server
   * must have them installed (PostgreSQL's contrib package has these).
   */
  extensions?: readonly EmbeddedExtension[];
}

export interface Database {
  /** What the adapter connects to (for embedded: the local PGlite socket). */
  url: string;
  embedded: boolean;
  /** Hand to `new PrismaClient({ adapter })`. Its pool is owned here: call `close()` after `$disconnect()`. */
  adapter: PrismaPg;
  /** `new PrismaClient(db.clientOptions)`: the adapter plus the platform's transaction timeouts. */
  clientOptions: { adapter: PrismaPg; transactionOptions: typeof TRANSACTION_OPTIONS };
  /**
   * The pool behind the adapter, for a library that needs plain `pg` on the same database (the agent's
   * LangGraph checkpointer). Share it rather than opening another: with embedded PGlite (one session)
   * a second pool would interleave transactions; this one has a single connection and serializes them.
   */
  pool: pg.Pool;
  close(): Promise<void>;
  /** `select 1`, for /readyz. */
  ping(): Promise<void>;
}

/** The `openDatabase` options a service's `databaseEnv` config gives. */
export const databaseOptions = (config: DatabaseConfig) => ({
  url: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  migrate: config.DB_MIGRATE_ON_START,
  poolMax: config.DATABASE_POOL_MAX,
});

/**
 * Opens a service's database: its own PostgreSQL database when `url` is given (created if missing),
 * otherwise an embedded PGlite persisted under `dataDir`. Applies migrations when `migrate` is set.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const { service, log } = opts;
  let embedded: EmbeddedServer | undefined;
  let url: string;
  if (opts.url) {
    url = opts.url;
    const created = await ensureDatabase(url);
    log.info({ service, database: "postgresql", ...describeUrl(url), created }, "using PostgreSQL");
  } else {
    embedded = await startEmbeddedPostgres(opts.dataDir, opts.extensions);
    url = embedded.url;
    log.info(
      { service, database: "pglite", dataDir: embedded.dataDir },
      "DATABASE_URL not set: using the embedded PGlite database",
    );
  }

  // PGlite is a single session: more than one connection would interleave transactions.
  const poolConfig: pg.PoolConfig = embedded
    ? { connectionString: url, max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 10_000 }
    : { connectionString: url, max: opts.poolMax ?? 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 };

  try {
    if (opts.migrate) {
      const started = performance.now();
      const applied = await applyMigrations(poolConfig, opts.migrationsDir);
      log.info(
        {
          service,
          applied,
          ms: Math.round(performance.now() - started),
          migrationsDir: path.resolve(opts.migrationsDir),
        },
        applied.length ? "applied migrations" : "migrations up to date",
      );
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  const pool = new pg.Pool({ ...poolConfig, Client: countingClient(service) });
  pool.on("error", (err) => log.warn({ service, err }, "idle database connection failed"));
  const adapter = new PrismaPg(pool, { onPoolError: (err) => log.warn({ service, err }, "database pool error") });

  let closed: Promise<void> | undefined;
  return {
    url,
    embedded: embedded !== undefined,
    adapter,
    clientOptions: { adapter, transactionOptions: TRANSACTION_OPTIONS },
    pool,
    async ping() {
      await pool.query("select 1");
    },
    close() {
      closed ??= (async () => {
        await pool.end();
        await embedded?.stop();
      })();
      return closed;
    },
  };
}
