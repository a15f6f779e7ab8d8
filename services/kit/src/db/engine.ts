import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

export const MIGRATION_FILE = "migration.sql";
export const LOCK_FILE = "migration_lock.toml";

interface PanicRegistry {
  set_message(message: string): void;
}
declare global {
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

let lastPanic: string | undefined;

/**
 * The wasm module calls `global.PRISMA_WASM_PANIC_REGISTRY.set_message` when the engine panics; without
 * it the panic itself throws a TypeError and the real message is lost.
 */
function installPanicRegistry(): void {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
}

/**
 * Node 24 imports the engine's `.wasm` as an ES module but warns that this is experimental, once, on
 * stderr of every service that migrates. That one warning is dropped; all others pass through.
 */
async function importEngine(): Promise<typeof import("@prisma/schema-engine-wasm")> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const message = typeof warning === "string" ? warning : warning.message;
    if (/WebAssembly module/i.test(message)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await import("@prisma/schema-engine-wasm");
  } finally {
    process.emitWarning = emitWarning;
  }
}

let engineCallsInFlight = 0;
let plainSetTimeout: typeof setTimeout | undefined;

/**
 * `applyMigrations` starts a 10 s timer in the wasm engine (through the global `setTimeout`) that is
 * never cleared, so a CLI or a test worker lingered 10 s after its work was done. While engine calls are
 * in flight, timers created from the engine's glue code are unref'd: they still fire if the process
 * lives on, but no longer keep it alive. Other code's timers are left untouched.
 */
function unrefEngineTimers(): () => void {
  if (engineCallsInFlight++ === 0) {
    const original = globalThis.setTimeout;
    plainSetTimeout = original;
    const patched = (...args: Parameters<typeof setTimeout>) => {
      const timer = original(...args);
      if (new Error().stack?.includes("schema_engine_bg")) timer.unref();
      return timer;
    };
    globalThis.setTimeout = Object.assign(patched, original);
  }
  return () => {
    if (--engineCallsInFlight === 0 && plainSetTimeout) {
      globalThis.setTimeout = plainSetTimeout;
      plainSetTimeout = undefined;
    }
  };
}

/**
 * Runs `fn` with a schema engine connected through its own one-connection pool, then frees the engine
 * and ends the pool (pg-pool's idle timer would otherwise hold the process for another 10 s).
 */
export async function withSchemaEngine<T>(
  poolConfig: pg.PoolConfig,
  datamodel: string | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  installPanicRegistry();
  const { SchemaEngine } = await importEngine();
  const pool = new pg.Pool({ ...poolConfig, max: 1 });
  pool.on("error", () => {
    // An idle connection dropped by the server; the next checkout reconnects or fails loudly.
  });
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  let engine: SchemaEngine | undefined;
  const restoreTimers = unrefEngineTimers();
  try {
    engine = await SchemaEngine.new(
      { datamodels: datamodel === undefined ? undefined : [["schema.prisma", datamodel]] },
      () => {},
      factory,
    );
    return await fn(engine);
  } catch (error) {
    if (lastPanic !== undefined) {
      const message = lastPanic;
      lastPanic = undefined;
      throw new Error(`prisma schema engine panicked: ${message}`, { cause: error });
    }
    throw error;
  } finally {
    restoreTimers();
    engine?.free();
    await pool.end();
  }
}

/** Reads a migrations folder exactly as `prisma migrate deploy` does: only `<dir>/migration.sql`, sorted by name. */
export async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = await readFile(path.join(baseDir, LOCK_FILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  dirs.sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_FILE,
        content: await readFile(path.join(baseDir, name, MIGRATION_FILE), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return { baseDir, lockfile: { path: LOCK_FILE, content: lockContent }, shadowDbInitScript: "", migrationDirectories };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies the unapplied migrations of `migrationsDir`, recording them in Prisma's `_prisma_migrations`. */
export async function applyMigrations(poolConfig: pg.PoolConfig, migrationsDir: string): Promise<string[]> {
  const migrationsList = await readMigrations(migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) return [];
  const out = await withSchemaEngine(poolConfig, undefined, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return out.appliedMigrationNames;
}
