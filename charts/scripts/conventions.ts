// Reads the design's facts the charts must agree with: the services table and the env table of
// docs/conventions.md, the gateway route table, and the services' env.ts files.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");

export interface ServiceRow {
  service: string;
  port: number;
  calls: string[];
}

function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  if (start === -1) throw new Error(`docs/conventions.md has no "${heading}" section`);
  const rows: string[][] = [];
  for (const line of markdown.slice(start).split("\n").slice(1)) {
    if (!line.startsWith("|")) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.split("|").slice(1, -1).map((c) => c.trim()));
  }
  return rows.slice(2);
}

/** The services table: who calls whom, as written ("every service" expands to all the others). */
export function readServicesTable(markdown = readFileSync(join(repoRoot, "docs/conventions.md"), "utf8")): ServiceRow[] {
  const rows = tableAfter(markdown, "## Services, ports, databases");
  const names = rows.map((r) => r[0] ?? "");
  return rows.map((r) => {
    const service = r[0] ?? "";
    const callsCell = r[4] ?? "";
    let calls: string[];
    if (/every service/.test(callsCell)) calls = names.filter((n) => n !== service && n !== "gateway");
    else calls = callsCell.split(/[,;]/).map((s) => s.trim()).filter((s) => names.includes(s));
    return { service, port: Number(r[2]), calls };
  });
}

/** Env names from the conventions' env table; `<SERVICE>_URL`-style patterns become regexes. */
export function readEnvTable(markdown = readFileSync(join(repoRoot, "docs/conventions.md"), "utf8")): RegExp[] {
  const rows = tableAfter(markdown, "## Environment");
  const out: RegExp[] = [];
  for (const r of rows) {
    for (const m of (r[0] ?? "").matchAll(/`([^`]+)`/g)) {
      const name = m[1] ?? "";
      out.push(new RegExp(`^${name.replace(/<[A-Z]+>/g, "[A-Z]+")}$`));
    }
  }
  return out;
}

export interface Route {
  service: string;
  prefix: string;
  port: number;
  websocket?: boolean;
}

export function readRoutes(file = join(repoRoot, "services/gateway/routes.json")): Route[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { routes: Route[] }).routes;
}

/**
 * The source of a deployable's env.ts, when it has been written (agent lives at the top level),
 * together with the kit's config.ts whose shared fields (baseEnv, authEnv) env.ts spreads in.
 */
export function readEnvTs(service: string): string | undefined {
  const candidates = [join(repoRoot, "services", service, "src/env.ts"), join(repoRoot, service, "src/env.ts")];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return undefined;
  const kitConfig = join(repoRoot, "services/kit/src/config.ts");
  return readFileSync(file, "utf8") + (existsSync(kitConfig) ? readFileSync(kitConfig, "utf8") : "");
}
