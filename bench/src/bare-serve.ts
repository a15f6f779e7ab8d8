import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import pg from "pg";
import { createTestDatabase } from "@ustbites/kit/testing";
import { serveCommands } from "./child.ts";

/**
 * The bare stack the platform is measured against, in a process of its own like the platform
 * (launch.ts): Fastify with no plugins and no logging, and one `pg` pool on a scratch database of the
 * same PostgreSQL. `POST /orders` writes what the platform's order commit writes at its core (one
 * transaction: an order row and an outbox row); `GET /menu` answers the JSON body it was given (the
 * platform's own menu, so the bytes and the serialisation match). Announces `{url}` once up; closes and
 * drops its database when stdin closes.
 */
const menu: unknown = JSON.parse(process.argv[2] ?? "{}");
const poolMax = Number(process.argv[3] ?? "10");

const database = await createTestDatabase("bench_bare");
const pool = new pg.Pool({ connectionString: database.url, max: poolMax });
await pool.query(`
  CREATE TABLE orders (id uuid PRIMARY KEY, user_id uuid NOT NULL, status text NOT NULL, total_cents int NOT NULL,
                       delivery_address jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE outbox (id uuid PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL,
                       created_at timestamptz NOT NULL DEFAULT clock_timestamp(), published_at timestamptz);
  CREATE INDEX outbox_pending ON outbox (created_at) WHERE published_at IS NULL;`);

const app = Fastify({ logger: false });
app.get("/menu", async () => menu);
app.post("/orders", async (request, reply) => {
  const body = request.body as { userId?: string; totalCents?: number };
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      "INSERT INTO orders (id, user_id, status, total_cents, delivery_address) VALUES ($1, $2, 'PENDING', $3, $4)",
      [id, body.userId ?? randomUUID(), body.totalCents ?? 0, JSON.stringify({ building: "Hall 5", room: "512" })],
    );
    await client.query("INSERT INTO outbox (id, type, payload) VALUES ($1, 'order.created', $2)", [
      randomUUID(),
      JSON.stringify({ orderId: id }),
    ]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
  return reply.status(201).send({ id, status: "PENDING" });
});
const url = await app.listen({ host: "127.0.0.1", port: 0 });

let closing: Promise<void> | undefined;
serveCommands(
  { url },
  (command) => {
    throw new Error(`unknown command "${command}"`);
  },
  () => {
    closing ??= (async () => {
      await app.close();
      await pool.end();
      await database.drop();
      process.exit(0);
    })();
  },
);
