import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartsRoot, type CheckResult } from "../scripts/check.ts";
import { checked } from "./helpers.ts";
import { DEPLOYABLES } from "@ustbites/kit/deployables";
import { readRoutes, repoRoot } from "../scripts/conventions.ts";
import type { Manifest } from "../scripts/render.ts";

const byKind = (r: CheckResult, kind: string): Manifest[] =>
  r.docs.filter((d) => d.manifest.kind === kind).map((d) => d.manifest);
type RouteSpec = {
  parentRefs: { name: string; namespace: string }[];
  rules: {
    matches: { path: { type: string; value: string } }[];
    filters?: { type: string; urlRewrite?: { path: { replacePrefixMatch: string } }; extensionRef?: object }[];
    backendRefs?: { name: string; port: number }[];
    timeouts?: { request: string };
  }[];
};

describe.each(["dev", "prod"] as const)("the %s environment", (env) => {
  it("renders manifests that pass every schema and policy check", async () => {
    const { problems, docs } = await checked(env);
    expect(problems).toEqual([]);
    expect(docs.length).toBeGreaterThan(100);
  });

  it("turns every route of services/gateway/routes.json into an HTTPRoute that strips the prefix", async () => {
    const routes = byKind(await checked(env), "HTTPRoute");
    for (const r of readRoutes()) {
      const route = routes.find((x) => x.metadata.name === r.service);
      expect(route, r.service).toBeDefined();
      const rule = (route?.spec as RouteSpec).rules[0];
      expect(rule?.matches[0]?.path).toEqual({ type: "PathPrefix", value: r.prefix });
      expect(rule?.filters?.[0]?.urlRewrite?.path.replacePrefixMatch).toBe("/");
      expect(rule?.backendRefs).toEqual([{ name: r.service, port: r.port }]);
      expect(rule?.timeouts?.request === "0s", `${r.service} websocket timeout`).toBe(r.websocket === true);
    }
  });

  it("routes no payment, and answers every route's /metrics, /docs, /service-tokens and /internal at the gateway with a 404", async () => {
    const r = await checked(env);
    const routes = byKind(r, "HTTPRoute");
    expect(routes.map((x) => x.metadata.name)).not.toContain("payment");
    const notFound = byKind(r, "DirectResponse");
    expect(notFound.map((d) => d.spec)).toEqual(expect.arrayContaining([expect.objectContaining({ status: 404 })]));
    const routed = readRoutes().map((x) => x.service);
    for (const route of routes.filter((x) => routed.includes(x.metadata.name))) {
      const prefix = (route.spec as RouteSpec).rules[0]?.matches[0]?.path.value;
      const internal = (route.spec as RouteSpec).rules.slice(1);
      expect(internal.map((rule) => rule.matches[0]?.path.value)).toEqual([
        `${prefix}/metrics`,
        `${prefix}/docs`,
        `${prefix}/service-tokens`,
        `${prefix}/internal`,
      ]);
      for (const rule of internal) {
        expect(rule.backendRefs ?? []).toEqual([]);
        expect(rule.filters).toEqual([
          {
            type: "ExtensionRef",
            extensionRef: { group: "gateway.kgateway.dev", kind: "DirectResponse", name: "internal-path" },
          },
        ]);
        expect(notFound.some((d) => d.metadata.namespace === route.metadata.namespace)).toBe(true);
      }
    }
  });

  it("serves the chat UI at / and throttles the auth routes", async () => {
    const r = await checked(env);
    const ui = byKind(r, "HTTPRoute").find((x) => x.metadata.name === "chat-ui");
    expect((ui?.spec as RouteSpec).rules[0]?.matches[0]?.path.value).toBe("/");
    const limit = byKind(r, "TrafficPolicy")[0]?.spec as { targetRefs: { kind: string; name: string }[] };
    expect(limit.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "user" }]);
  });

  it("migrates every database before the new version rolls out", async () => {
    const r = await checked(env);
    const jobs = byKind(r, "Job");
    const clusters = byKind(r, "Cluster").map((c) => c.metadata.name.replace(/-db$/, ""));
    // Every database is migrated by a Job (the agent's threads too; its checkpointer adds its own tables).
    expect(jobs.map((j) => j.metadata.name.replace(/-migrate$/, "")).sort()).toEqual(clusters.sort());
    for (const job of jobs) {
      expect(job.metadata.annotations).toMatchObject({
        "argocd.argoproj.io/hook": "Sync",
        "argocd.argoproj.io/sync-wave": "1",
        "helm.sh/hook": "post-install,pre-upgrade",
      });
      const container = (job.spec as { template: { spec: { containers: { command: string[] }[] } } }).template.spec
        .containers[0];
      expect(container?.command).toEqual(["npx", "--no-install", "ustbites-db", "migrate"]);
    }
    for (const d of byKind(r, "Deployment")) expect(d.metadata.annotations?.["argocd.argoproj.io/sync-wave"]).toBe("2");
  });

  it("keeps each database's connections under its max_connections at full scale", async () => {
    const r = await checked(env);
    const hpas = byKind(r, "HorizontalPodAutoscaler");
    const clusters = byKind(r, "Cluster");
    let checkedServices = 0;
    for (const d of byKind(r, "Deployment")) {
      const env =
        (d.spec as { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } }).template.spec
          .containers[0]?.env ?? [];
      if (!env.some((e) => e.name === "DATABASE_URL")) continue;
      const pool = Number(env.find((e) => e.name === "DATABASE_POOL_MAX")?.value);
      const hpa = hpas.find(
        (h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === d.metadata.name,
      );
      const replicas =
        (hpa?.spec as { maxReplicas?: number } | undefined)?.maxReplicas ?? (d.spec as { replicas: number }).replicas;
      const cluster = clusters.find((c) => c.metadata.name === `${d.metadata.name}-db`);
      const max = Number(
        (cluster?.spec as { postgresql?: { parameters?: { max_connections?: string } } }).postgresql?.parameters
          ?.max_connections,
      );
      // Every pod's full pool, the migration Job's one, and PostgreSQL's superuser-reserved three.
      expect(replicas * pool + 1 + 3, `${d.metadata.name}: ${replicas} pods × ${pool}`).toBeLessThanOrEqual(max);
      checkedServices++;
    }
    expect(checkedServices).toBe(clusters.length);
  });

  it("gives each service the terminationGracePeriod its drain and close need", async () => {
    for (const d of byKind(await checked(env), "Deployment")) {
      const spec = (
        d.spec as {
          template: {
            spec: {
              terminationGracePeriodSeconds: number;
              containers: { lifecycle: { preStop: { sleep: { seconds: number } } } }[];
            };
          };
        }
      ).template.spec;
      const drain = spec.containers[0]?.lifecycle.preStop.sleep.seconds ?? 0;
      // The kit's closeWithGrace waits 10 s by default; the pod must outlive drain + close.
      expect(spec.terminationGracePeriodSeconds, d.metadata.name).toBeGreaterThanOrEqual(drain + 10);
    }
  });
});

describe("the design's facts the charts follow", () => {
  const values = readFileSync(join(chartsRoot, "ustbites/values.yaml"), "utf8");

  it("has a values block on its own port for every deployable", () => {
    for (const [service, { port }] of Object.entries(DEPLOYABLES).filter(([name]) => name !== "gateway")) {
      expect(values, service).toMatch(new RegExp(`^  ${service}:\\n    kind: node\\n    port: ${port}$`, "m"));
    }
  });

  it("builds an image of every deployable: Node ones from the root Dockerfile with their workspace, chat-ui from its own", () => {
    const ci = parse(readFileSync(join(repoRoot, ".github/workflows/ci.yml"), "utf8")) as {
      jobs: {
        images: { strategy: { matrix: { include: { name: string; workspace?: string; dockerfile?: string }[] } } };
      };
    };
    const images = ci.jobs.images.strategy.matrix.include;
    const node = Object.keys(DEPLOYABLES).filter((name) => name !== "gateway");
    expect(images.map((i) => i.name).toSorted()).toEqual([...node, "chat-ui"].toSorted());
    for (const { name, workspace } of images.filter((i) => i.name !== "chat-ui")) {
      expect(workspace, name).toBe(name === "agent" ? "agent" : `services/${name}`);
      expect(existsSync(join(repoRoot, workspace ?? "", "src/main.ts")), `${workspace}/src/main.ts`).toBe(true);
    }
    expect(existsSync(join(repoRoot, "Dockerfile"))).toBe(true);
    expect(images.find((i) => i.name === "chat-ui")?.dockerfile).toBe("chat-ui/Dockerfile");
    expect(existsSync(join(repoRoot, "chat-ui/Dockerfile"))).toBe(true);
  });

  it("reads the same route table file as the local gateway", () => {
    expect(readFileSync(join(chartsRoot, "ustbites/files/routes.json"), "utf8")).toBe(
      readFileSync(join(repoRoot, "services/gateway/routes.json"), "utf8"),
    );
  });
});
