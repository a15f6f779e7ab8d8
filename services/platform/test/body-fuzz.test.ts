import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";
import {
  buildWorld,
  MATRIX,
  requestFor,
  servedRoutes,
  type Caller,
  type RouteCase,
  type ServedRoute,
  type World,
} from "./access-matrix.ts";

let p: RealPlatform;
let w: World;
let bodyRoutes: ServedRoute[];
/** One connection per service database, and the query that digests all its tables at once. */
let databases: { service: string; client: pg.Client; digest: string }[] = [];
beforeAll(async () => {
  p = await startRealPlatform();
  w = await buildWorld(p);
  databases = await Promise.all(
    Object.entries(p.databases).map(async ([service, url]) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = await client.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
      );
      const digest = tables.rows
        .map(
          ({ name }) =>
            `select '${name}' as name, count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from "${name}" t`,
        )
        .join(" union all ");
      return { service, client, digest };
    }),
  );
  bodyRoutes = (await servedRoutes(p)).filter((r) => r.takesBody);
  await settled();
}, 180_000);
afterAll(async () => {
  await Promise.all(databases.map((db) => db.client.end()));
  await p?.close();
});

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** Whole bodies no route accepts: [what, raw body, content type]. */
const HOSTILE_BODIES: [string, string, string][] = [
  ["null", "null", "application/json"],
  ["an array", "[]", "application/json"],
  ["a string", '"order"', "application/json"],
  ["a huge number", "1e999", "application/json"],
  ["invalid JSON", '{"a":', "application/json"],
  ["an empty body", "", "application/json"],
  ["__proto__ pollution", '{"__proto__":{"role":"admin","isAdmin":true}}', "application/json"],
  ["constructor.prototype pollution", '{"constructor":{"prototype":{"role":"admin"}}}', "application/json"],
  ["5,000 levels of nesting", nested(5000), "application/json"],
  ["an array 5,000 deep", `${"[".repeat(5000)}${"]".repeat(5000)}`, "application/json"],
  ["more than the 64 KiB limit", JSON.stringify({ a: "x".repeat(70 * 1024) }), "application/json"],
  ["a form", "a=1&b=2", "application/x-www-form-urlencoded"],
  ["text/plain JSON", "{}", "text/plain"],
  ["no content type", "{}", ""],
  ["invalid UTF-8", "\xff\xfe{}", "application/json; charset=utf-8"],
];

/** Values put in place of each field of a valid body, one at a time (skipping the field's own valid value). */
const HOSTILE_VALUES: [string, unknown][] = [
  ["null", null],
  ["a number", 123456789],
  ["a boolean", true],
  ["an array", ["x"]],
  ["an object", { $gt: "" }],
  ["a 60 KB string", "x".repeat(60 * 1024)],
  ["NUL bytes", "a\u0000b"],
  ["a lone surrogate", "\ud800"],
  ["-1", -1],
  ["1e308", 1e308],
  ["2^53 + 2", 2 ** 53 + 2],
  ["a fraction", 0.5],
  ["nested 200 deep", JSON.parse(nested(200))],
];

/**
 * What nothing may change: every row of every service's database (row counts and contents, minus
 * rows that move on their own clocks) and student A's cart. A refused request leaves all of it as it was.
 */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const { service, client, digest } of databases) {
    const rows = await client.query<{ name: string; n: string; md5: string | null }>(digest);
    for (const row of rows.rows) parts.push(`${service}.${row.name}: ${row.n} ${row.md5 ?? ""}`);
  }
  const cart = await p.api("/api/cart/cart", { token: w.tokens.studentA });
  parts.push(`cart: ${JSON.stringify(cart.body)}`);
  return parts.join("\n");
}

/** Until the saga's last events (notifications, outbox marks) are written: two snapshots half a second apart agree. */
async function settled(): Promise<void> {
  let last = await snapshot();
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await snapshot();
    if (now === last) return;
    last = now;
  }
}

/** Who throws the bodies: a caller the route lets in, so the body is really read. Payment: order-service's own identity. */
async function callerFor(route: ServedRoute, rc: RouteCase): Promise<{ base: string; authorization?: string }> {
  if (route.service === "payment")
    return {
      base: route.base,
      authorization: `Bearer ${await w.mint({ sub: "service:order", svc: "order", aud: "payment" })}`,
    };
  // The edge refuses it before any body is read; on user-service's own port it is public (HTTP Basic checked after the body).
  if (route.key === "user POST /service-tokens") return { base: p.services.user! };
  const caller = (rc.allow[0] ?? "anonymous") as Caller;
  return { base: route.base, ...(caller !== "anonymous" ? { authorization: `Bearer ${w.tokens[caller]}` } : {}) };
}

describe("hostile bodies at every body-taking route", () => {
  it("answers each with a 4xx problem, never a 5xx, and writes nothing", async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of bodyRoutes) {
      const rc = MATRIX[route.key];
      if (!rc) throw new Error(`${route.key} is not in access-matrix.ts`);
      const { base, authorization } = await callerFor(route, rc);
      // Made first: a route on a cart line adds that line to A's cart.
      const { url, init } = await requestFor(w, route, rc, "anonymous");
      const before = await snapshot();
      const target = url.replace(route.base, base);
      const valid = rc.body?.(w);
      // The route's own headers (an idempotency key) without its content type: each body brings its own.
      const { "content-type": _json, ...headers } = {
        ...(init.headers as Record<string, string>),
        ...(authorization ? { authorization } : {}),
      } as Record<string, string>;
      const bodies: [string, string | Buffer, string][] = [
        ...HOSTILE_BODIES.map(([what, raw, type]): [string, string | Buffer, string] => [
          what,
          what === "invalid UTF-8" ? Buffer.from(raw, "latin1") : raw,
          type,
        ]),
        ...(valid && typeof valid === "object"
          ? Object.entries(valid).flatMap(([field, good]) =>
              HOSTILE_VALUES.filter(([, value]) => JSON.stringify(value) !== JSON.stringify(good)).map(
                ([what, value]): [string, string, string] => [
                  `${field} = ${what}`,
                  JSON.stringify({ ...valid, [field]: value }),
                  "application/json",
                ],
              ),
            )
          : []),
      ];
      for (const [what, raw, type] of bodies) {
        const res = await fetch(target, {
          method: route.method,
          headers: { ...headers, ...(type ? { "content-type": type } : {}) },
          body: raw,
          signal: AbortSignal.timeout(30_000),
        });
        sent++;
        const text = await res.text();
        const problem = (res.headers.get("content-type") ?? "").startsWith("application/problem+json");
        if (res.status < 400 || res.status >= 500 || !problem)
          failures.push(`${route.key} with ${what}: ${res.status} ${text.slice(0, 200)}`);
      }
      const after = await snapshot();
      if (after !== before) failures.push(`${route.key}: something was written\n${diff(before, after)}`);
    }
    expect(sent).toBeGreaterThan(bodyRoutes.length * HOSTILE_BODIES.length);
    expect(failures).toEqual([]);
  }, 120_000);
});

function diff(before: string, after: string): string {
  const old = new Set(before.split("\n"));
  return after
    .split("\n")
    .filter((line) => !old.has(line))
    .join("\n");
}
