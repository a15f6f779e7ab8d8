// The whole chart check, as `npm test` runs it: render, schema-validate, then the policy checks.
import { join, resolve } from "node:path";
import { checkBroker, checkRedis } from "./broker.ts";
import { checkNetworkPolicies, checkRoutes, checkWorkloads, deploymentPods, type Pod } from "./policy.ts";
import { DEPLOYABLES } from "@ustbites/kit/deployables";
import { readEnvTs, readRoutes } from "./conventions.ts";
import { loadStatic, renderChart, type RenderedDoc } from "./render.ts";
import { validateManifests } from "./validate.ts";

export const chartsRoot = resolve(import.meta.dirname, "..");
export const NAMESPACES = ["gateway", "frontend", "backend", "monitoring", "argocd"];

export interface CheckOptions {
  /** The directory holding ustbites/ and ustbites-lib/ (a temp copy in the break-on-purpose tests). */
  root?: string;
  env: "dev" | "prod";
}

export interface CheckResult {
  docs: RenderedDoc[];
  problems: string[];
}

/** (caller -> callee) pairs the design asks for: DEPLOYABLES' calls, JWKS lookups, gateway routes. */
export function expectedCalls(routes: { service: string }[], frontend: string): Set<string> {
  const pairs = new Set<string>();
  for (const [service, { calls }] of Object.entries(DEPLOYABLES)) {
    if (service === "gateway") continue;
    for (const callee of calls) pairs.add(`${service}->${callee}`);
    if (service !== "user") pairs.add(`${service}->user`);
  }
  // KGateway replaces the local gateway: it reaches what the route table routes to, and the SPA.
  for (const r of routes) pairs.add(`gateway->${r.service}`);
  pairs.add(`gateway->${frontend}`);
  return pairs;
}

export function checkEnv(docs: RenderedDoc[]): string[] {
  const problems: string[] = [];
  for (const { manifest } of docs.filter((d) => d.manifest.kind === "Deployment")) {
    const name = manifest.metadata.name;
    const envTs = readEnvTs(name);
    const spec = (
      manifest.spec as { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } }
    ).template.spec;
    const vars = spec.containers.flatMap((c) => c.env ?? []);
    // A variable only spliced into another's value ($(REDIS_PASSWORD) in REDIS_URL) is not configuration of its own.
    const spliced = new Set(
      vars.flatMap(({ value }) => [...(value ?? "").matchAll(/\$\(([A-Z][A-Z0-9_]*)\)/g)].map((m) => m[1])),
    );
    for (const { name: env } of vars.filter((v) => !spliced.has(v.name))) {
      // Configuration is read by env.ts only: a container without one (chat-ui's nginx) gets only the
      // listen address every workload gets from the shared template.
      if (envTs === undefined && !["HOST", "PORT"].includes(env))
        problems.push(`${name}: env ${env} is set, but ${name} has no env.ts to read it`);
      const url = /^([A-Z]+)_URL$/.exec(env);
      if (
        url &&
        !["JWKS", "DATABASE", "REDIS", "RABBITMQ"].includes(url[1] ?? "") &&
        !((url[1] ?? "").toLowerCase() in DEPLOYABLES)
      ) {
        problems.push(`${name}: env ${env} names no service`);
      }
      if (envTs !== undefined && !envTs.includes(env)) problems.push(`${name}: env ${env} is not read by its env.ts`);
    }
  }
  return problems;
}

export async function checkCharts({ root = chartsRoot, env }: CheckOptions): Promise<CheckResult> {
  const chartDir = join(root, "ustbites");
  const docs = [
    ...(await renderChart(chartDir, {
      releaseName: "ustbites",
      namespace: "backend",
      valuesFiles: [join(chartDir, `values-${env}.yaml`)],
    })),
    ...loadStatic(join(chartsRoot, "platform")),
    ...loadStatic(join(chartsRoot, "argocd")),
  ];
  const routes = readRoutes(join(chartDir, "files/routes.json"));
  const gatewayDoc = docs.find((d) => d.manifest.kind === "Gateway")?.manifest;
  const gatewayPod: Pod = {
    id: "gateway",
    namespace: gatewayDoc?.metadata.namespace ?? "gateway",
    labels: { "gateway.networking.k8s.io/gateway-name": gatewayDoc?.metadata.name ?? "" },
    port: 8443,
  };
  const pods = [...deploymentPods(docs), gatewayPod];
  const problems = [
    ...(await validateManifests(docs)),
    ...checkWorkloads(docs),
    ...checkRoutes(docs),
    ...checkNetworkPolicies(docs, pods, expectedCalls(routes, "chat-ui"), NAMESPACES),
    ...checkEnv(docs),
    ...checkBroker(docs),
    ...checkRedis(docs),
  ];
  return { docs, problems };
}
