// The configuration facts are declared once in code (each deployable's env.ts, the kit's DEPLOYABLES);
// every place that repeats them for people — .env.example files, README's environment table,
// docs/conventions.md's services table, the gateway route table — is checked against the code here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentEnv, readEnv as readAgentEnv } from "@ustbites/agent";
import { CartEnv, readEnv as readCartEnv } from "@ustbites/cart";
import { DeliveryEnv, readEnv as readDeliveryEnv } from "@ustbites/delivery";
import { GatewayEnv, readEnv as readGatewayEnv, readRouteTable } from "@ustbites/gateway";
import { DEPLOYABLES, type DeployableName } from "@ustbites/kit/deployables";
import { NotificationEnv, readEnv as readNotificationEnv } from "@ustbites/notification";
import { OrderEnv, readEnv as readOrderEnv } from "@ustbites/order";
import { PaymentEnv, readEnv as readPaymentEnv } from "@ustbites/payment";
import { RestaurantEnv, readEnv as readRestaurantEnv } from "@ustbites/restaurant";
import { UserEnv, readEnv as readUserEnv } from "@ustbites/user";
import { PlatformEnv, PlatformServiceEnv, readEnv as readPlatformEnv } from "../src/env.ts";

type Env = Record<string, string | undefined>;
const repo = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), "utf8");
const routes = readRouteTable();
const upper = (name: string) => name.toUpperCase().replace(/-/g, "_");

/** The variables a zod env schema reads: the keys of its object, under any refinements and transforms. */
function variables(schema: z.ZodType): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodPipe) inner = inner.in as z.ZodType;
  if (!(inner instanceof z.ZodObject)) throw new Error("an env schema is a z.object, possibly refined and transformed");
  return Object.keys(inner.shape);
}

/** Every deployable: its folder, the variables its env.ts reads, and its readEnv. */
const deployables: { name: string; dir: string; reads: string[]; readEnv: (env: Env) => unknown }[] = [
  { name: "user", dir: "services/user", reads: variables(UserEnv), readEnv: readUserEnv },
  { name: "restaurant", dir: "services/restaurant", reads: variables(RestaurantEnv), readEnv: readRestaurantEnv },
  { name: "cart", dir: "services/cart", reads: variables(CartEnv), readEnv: readCartEnv },
  { name: "order", dir: "services/order", reads: variables(OrderEnv), readEnv: readOrderEnv },
  { name: "payment", dir: "services/payment", reads: variables(PaymentEnv), readEnv: readPaymentEnv },
  { name: "delivery", dir: "services/delivery", reads: variables(DeliveryEnv), readEnv: readDeliveryEnv },
  {
    name: "notification",
    dir: "services/notification",
    reads: variables(NotificationEnv),
    readEnv: readNotificationEnv,
  },
  { name: "agent", dir: "agent", reads: variables(AgentEnv), readEnv: readAgentEnv },
  {
    name: "gateway",
    dir: "services/gateway",
    // Besides its schema, the gateway reads `<SERVICE>_URL` for every route of routes.json.
    reads: [...variables(GatewayEnv), ...routes.map((r) => `${upper(r.service)}_URL`)],
    readEnv: (env) => readGatewayEnv(env, routes),
  },
  { name: "platform", dir: "services/platform", reads: variables(PlatformEnv), readEnv: readPlatformEnv },
];

/** `NAME=value` lines, and `# NAME=value` lines (an example for a variable left unset). */
function exampleLines(text: string): { name: string; value: string; commented: boolean }[] {
  return text.split("\n").flatMap((line) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return m ? [{ name: m[2] ?? "", value: m[3] ?? "", commented: m[1] !== undefined }] : [];
  });
}

/** The cells of the first markdown table under `heading`, header and separator rows left out. */
function tableRows(markdown: string, heading: string): string[][] {
  const lines = markdown.slice(markdown.indexOf(heading)).split("\n");
  const start = lines.findIndex((l) => l.startsWith("|"));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"));
  return lines.slice(start + 2, end).map((row) =>
    row
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

/** Names in the first column of the table under `heading`; `<SERVICE>`-style names become patterns. */
function tableNames(markdown: string, heading: string): RegExp[] {
  return tableRows(markdown, heading).flatMap((row) =>
    [...(row[0] ?? "").matchAll(/`([^`]+)`/g)].map(
      (m) => new RegExp(`^${(m[1] ?? "").replace(/<[A-Z]+>/g, "[A-Z]+")}$`),
    ),
  );
}

describe("each deployable's .env.example", () => {
  it("is checked for every deployable of DEPLOYABLES, and the launcher", () => {
    expect(deployables.map((d) => d.name).toSorted()).toEqual([...Object.keys(DEPLOYABLES), "platform"].toSorted());
  });

  it.each(deployables)("$name: names exactly the variables its env.ts reads", ({ dir, reads }) => {
    const named = exampleLines(read(`${dir}/.env.example`)).map((l) => l.name);
    expect(named.toSorted()).toEqual([...new Set(reads)].toSorted());
    expect(new Set(named).size, "a variable named twice").toBe(named.length);
  });

  // Variables without a default (secrets): the example names them commented out; here they get a value.
  const required: Record<string, Env> = {
    order: { SERVICE_SECRET: "s".repeat(32) },
    cart: { SERVICE_SECRET: "s".repeat(32) },
  };

  it.each(deployables)(
    "$name: sets each variable it sets to the default its env.ts uses",
    ({ name: deployable, dir, readEnv }) => {
      const base = required[deployable] ?? {};
      const defaults = readEnv(base);
      for (const { name, value } of exampleLines(read(`${dir}/.env.example`)).filter((l) => !l.commented)) {
        expect(readEnv({ ...base, [name]: value }), `${dir}/.env.example: ${name}=${value}`).toEqual(defaults);
      }
    },
  );
});

describe("README's environment table", () => {
  const documented = tableNames(read("README.md"), "## Environment");
  // Read by the kit's test helpers (services/kit/src/testing/env.ts), not by a deployable.
  const testVariables = ["TEST_DATABASE_URL", "TEST_REDIS_URL", "TEST_RABBITMQ_URL"];
  // The launcher's `<SERVICE>_PORT`, `<SERVICE>_DATABASE_URL`, …: one per service, so not each in its .env.example.
  const perService = variables(PlatformServiceEnv);
  const readSomewhere = [...new Set([...deployables.flatMap((d) => d.reads), ...perService, ...testVariables])];

  it("documents every variable a deployable reads", () => {
    expect(readSomewhere.filter((name) => !documented.some((re) => re.test(name)))).toEqual([]);
  });

  it("documents no variable that nothing reads", () => {
    const literal = documented.filter((re) => !re.source.includes("[A-Z]+")).map((re) => re.source.slice(1, -1));
    expect(literal.filter((name) => !readSomewhere.includes(name))).toEqual([]);
  });
});

describe("the services table of docs/conventions.md", () => {
  const table = tableRows(read("docs/conventions.md"), "## Services, ports, databases");
  const names = Object.keys(DEPLOYABLES) as DeployableName[];

  it("lists every deployable once, with the port, database and calls of DEPLOYABLES", () => {
    expect(table.map((r) => r[0]).toSorted()).toEqual(names.toSorted());
    for (const [service, , port, database, calls] of table) {
      const facts = DEPLOYABLES[service as DeployableName];
      expect(Number(port), `${service} port`).toBe(facts.port);
      expect(database?.startsWith("ustbites_"), `${service} database`).toBe(facts.database);
      if (service === "gateway") continue;
      const called = (calls ?? "")
        .split(/[,;]/)
        .map((c) => c.trim())
        .filter((c) => names.includes(c as DeployableName));
      expect(called.toSorted(), `${service} calls`).toEqual([...facts.calls].toSorted());
    }
  });

  it("agrees with README's architecture diagram and each service README's title", () => {
    const diagram = [...read("README.md").matchAll(/\b([a-z]+) :(\d{4})\b/g)];
    expect(diagram.map((m) => m[1]).toSorted()).toEqual(names.toSorted());
    for (const [, name, port] of diagram)
      expect(Number(port), `README.md: ${name}`).toBe(DEPLOYABLES[name as DeployableName].port);
    for (const { name, dir } of deployables.filter((d) => d.name in DEPLOYABLES)) {
      const title = /port `?(\d{4})/.exec(read(`${dir}/README.md`).split("\n")[0] ?? "");
      if (title) expect(Number(title[1]), `${dir}/README.md`).toBe(DEPLOYABLES[name as DeployableName].port);
    }
  });

  it("agrees with the gateway route table's ports", () => {
    for (const r of routes) expect(r.port, r.service).toBe(DEPLOYABLES[r.service as DeployableName].port);
  });
});
