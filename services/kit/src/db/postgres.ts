import pg from "pg";

/** Host and database name of a PostgreSQL URL, for logs (never the password). */
export function describeUrl(url: string): { host: string; db: string } {
  const u = new URL(url);
  return { host: u.port ? `${u.hostname}:${u.port}` : u.hostname, db: decodeURIComponent(u.pathname.slice(1)) };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** `postgresql://…/anything` → `postgresql://…/ustbites_<service>`: one server, a database per service. */
export function databaseUrlFor(service: string, serverUrl: string): string {
  return withDatabase(serverUrl, `ustbites_${service}`);
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const DUPLICATE_DATABASE = "42P04";
// Two concurrent CREATE DATABASE of the same name: the loser trips the pg_database unique index.
const UNIQUE_VIOLATION = "23505";

/**
 * Creates the database named in `url` if it does not exist, through a connection to the `postgres`
 * database of the same server. Safe when several processes do it at once.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { db } = describeUrl(url);
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres"), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [db]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database ${quoteIdent(db)}`);
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}

/** Terminates every session on `database` and drops it. */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({
    connectionString: withDatabase(serverUrl, "postgres"),
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    await client.query(`drop database if exists ${quoteIdent(database)} with (force)`);
  } finally {
    await client.end();
  }
}
