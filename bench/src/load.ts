import { Pool } from "undici";
import { nowMs } from "./order-stream.ts";
import { summarize, type Summary } from "./stats.ts";

export interface LoadOptions {
  /** Absolute URL (loopback only: the caller checks). */
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A body per request (JSON), built fresh for each one. */
  body?: () => unknown;
  /** Connections, each with one request in flight at a time (closed loop). */
  connections: number;
  durationMs: number;
  /** Status a request must answer; anything else counts as an error. */
  expect: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | undefined;
  elapsedMs: number;
  perSecond: number;
  latency: Summary;
  /** Response body bytes of the last good answer. */
  bytes: number;
}

type RequestOptions = Omit<LoadOptions, "connections" | "durationMs">;

/** One request on `pool`; resolves with the body of an answer with the expected status, throws otherwise. */
async function send(pool: Pool, opts: RequestOptions, path: string): Promise<string> {
  const res = await pool.request({
    path,
    method: opts.method ?? "GET",
    headers: { ...(opts.body ? { "content-type": "application/json" } : {}), ...opts.headers },
    ...(opts.body ? { body: JSON.stringify(opts.body()) } : {}),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await res.body.text();
  if (res.statusCode !== opts.expect)
    throw new Error(`${opts.method ?? "GET"} ${path} answered ${res.statusCode}: ${text.slice(0, 200)}`);
  return text;
}

const pathOf = (url: URL) => `${url.pathname}${url.search}`;

/**
 * Closed-loop HTTP load over undici's keep-alive pool, the lightest client Node has: `connections`
 * workers each send a request, read the whole answer, and send the next, for `durationMs`. Used for
 * the bare baselines and the platform alike, so the client's own cost is the same on both sides.
 */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const pool = new Pool(target.origin, { connections: opts.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let bytes = 0;
  const begin = nowMs();
  const deadline = begin + opts.durationMs;
  try {
    await Promise.all(
      Array.from({ length: opts.connections }, async () => {
        while (nowMs() < deadline) {
          const t0 = nowMs();
          try {
            bytes = Buffer.byteLength(await send(pool, opts, pathOf(target)));
            latencies.push(nowMs() - t0);
          } catch (err) {
            errors++;
            firstError ??= (err as Error).message;
          }
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const elapsedMs = nowMs() - begin;
  return {
    requests: latencies.length,
    errors,
    firstError,
    elapsedMs,
    perSecond: latencies.length / (elapsedMs / 1000),
    latency: summarize(latencies),
    bytes,
  };
}

/** `count` requests one after another on one connection: the latency of a request with nothing else in flight. */
export async function sequential(opts: RequestOptions & { count: number }): Promise<Summary> {
  const target = new URL(opts.url);
  const pool = new Pool(target.origin, { connections: 1 });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const t0 = nowMs();
      await send(pool, opts, pathOf(target));
      latencies.push(nowMs() - t0);
    }
  } finally {
    await pool.close();
  }
  return summarize(latencies);
}
