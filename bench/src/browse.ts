import type { LaunchedPlatform } from "./launch.ts";
import { load, type LoadResult } from "./load.ts";
import { percentOf } from "./baseline.ts";
import { fmtMs, type Row } from "./stats.ts";

export interface BrowseOptions {
  connections: number;
  durationMs: number;
}

export interface BrowseResult {
  name: string;
  result: LoadResult;
}

/** The menu every browse measurement reads: a 5.5 KB answer, the biggest page a student opens often. */
export const MENU_PATH = "/restaurants/spice-route/menu";

/**
 * A student browsing: `GET` a restaurant's menu at `connections` in flight, through the gateway and
 * straight to restaurant-service, and (when the menu carries an ETag) the browser's revalidation with
 * If-None-Match.
 */
export async function runBrowse(p: LaunchedPlatform, opts: BrowseOptions): Promise<BrowseResult[]> {
  const viaGateway = `${p.gateway}/api/restaurant${MENU_PATH}`;
  const first = await fetch(viaGateway);
  await first.arrayBuffer();
  const etag = first.headers.get("etag");
  const runs: [string, Parameters<typeof load>[0]][] = [
    ["GET menu through the gateway", { url: viaGateway, expect: 200, ...opts }],
    ["GET menu straight to restaurant-service", { url: `${p.services.restaurant}${MENU_PATH}`, expect: 200, ...opts }],
  ];
  if (etag)
    runs.push([
      "GET menu through the gateway, If-None-Match (304)",
      { url: viaGateway, expect: 304, headers: { "if-none-match": etag }, ...opts },
    ]);
  const results: BrowseResult[] = [];
  for (const [name, options] of runs) results.push({ name, result: await load(options) });
  return results;
}

export function browseRows(mode: string, results: BrowseResult[], bareReadPerSecond: number): Row[] {
  return results.map(({ name, result }) => ({
    mode,
    measure: name,
    requests: result.requests,
    "per second": Math.round(result.perSecond),
    "% of bare GET": percentOf(result.perSecond, bareReadPerSecond),
    "p50 ms": fmtMs(result.latency.p50),
    "p95 ms": fmtMs(result.latency.p95),
    bytes: result.bytes,
    errors: result.errors,
  }));
}
