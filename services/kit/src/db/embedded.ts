import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * PostgreSQL extensions PGlite can load. PGlite ships contrib extensions as separate bundles that must
 * be handed to its constructor; `CREATE EXTENSION` alone fails with "extension is not available".
 */
const CONTRIB = {
  pg_trgm: async () => (await import("@electric-sql/pglite/contrib/pg_trgm")).pg_trgm,
  unaccent: async () => (await import("@electric-sql/pglite/contrib/unaccent")).unaccent,
  fuzzystrmatch: async () => (await import("@electric-sql/pglite/contrib/fuzzystrmatch")).fuzzystrmatch,
  btree_gin: async () => (await import("@electric-sql/pglite/contrib/btree_gin")).btree_gin,
} as const;
export type EmbeddedExtension = keyof typeof CONTRIB;

let template: Promise<Blob> | undefined;

/**
 * A freshly initialised, empty cluster. initdb is most of a new PGlite's start (about 2.5 s here, 15 s
 * under load), and `npm start` creates seven: each new data folder starts from this one dump instead
 * (under 1 s). Kept for the life of the process (about 40 MB).
 */
function emptyCluster(): Promise<Blob> {
  template ??= (async () => {
    const db = await PGlite.create();
    try {
      return await db.dumpDataDir("none");
    } finally {
      await db.close();
    }
  })();
  return template;
}

export interface EmbeddedServer {
  url: string;
  dataDir: string | undefined;
  stop(): Promise<void>;
}

/**
 * PGlite served over TCP on an ephemeral 127.0.0.1 port, so `pg` and Prisma's adapter talk to it as to a
 * real server. PGlite is ONE PostgreSQL session: clients must use a single pooled connection. The
 * socket server allows two so a pool that is replacing its connection is not refused while the old
 * socket is still being torn down. `dataDir` undefined = in memory.
 */
export async function startEmbeddedPostgres(
  dataDir: string | undefined,
  extensions: readonly EmbeddedExtension[] = [],
): Promise<EmbeddedServer> {
  let dir: string | undefined;
  if (dataDir !== undefined) {
    dir = path.resolve(dataDir);
    await mkdir(dir, { recursive: true });
  }
  const loaded = Object.fromEntries(
    await Promise.all(extensions.map(async (name) => [name, await CONTRIB[name]()] as const)),
  );
  const fresh = dir === undefined || !existsSync(path.join(dir, "PG_VERSION"));
  const db = await PGlite.create(dir, { extensions: loaded, ...(fresh ? { loadDataDir: await emptyCluster() } : {}) });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 2 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    dataDir: dir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
