import { openDatabase, type Database } from "../db/index.ts";
import { createLogger } from "../logger.ts";
import { createTestDatabase } from "./test-database.ts";

export interface OpenTestDatabaseOptions<Client> {
  /** The service whose schema this is: names the database and its logs. */
  service: string;
  /** The service's `prisma/migrations`, applied before the database is handed over. */
  migrationsDir: string;
  /** Builds the service's generated client: `(options) => new PrismaClient(options)`. */
  client: (options: Database["clientOptions"]) => Client;
  poolMax?: number;
}

export interface OpenedTestDatabase<Client> {
  url: string;
  prisma: Client;
  db: Database;
  /** Disconnects the client, closes the pool and drops the database. */
  close(): Promise<void>;
}

/** A fresh, migrated database of one test file's own on the test server, with the service's client on it. */
export async function openTestDatabase<Client extends { $disconnect(): Promise<void> }>(
  opts: OpenTestDatabaseOptions<Client>,
): Promise<OpenedTestDatabase<Client>> {
  const testDb = await createTestDatabase(opts.service);
  const db = await openDatabase({
    service: opts.service,
    url: testDb.url,
    dataDir: "",
    migrationsDir: opts.migrationsDir,
    migrate: true,
    log: createLogger(opts.service, "silent"),
    poolMax: opts.poolMax ?? 4,
  });
  const prisma = opts.client(db.clientOptions);
  return {
    url: testDb.url,
    prisma,
    db,
    async close() {
      await prisma.$disconnect();
      await db.close();
      await testDb.drop();
    },
  };
}
