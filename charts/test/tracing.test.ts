import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tracingEnv } from "@ustbites/kit";
import { describe, expect, it } from "vitest";
import { chartsRoot, type CheckResult } from "../scripts/check.ts";
import { checked } from "./helpers.ts";
import { readRoutes } from "../scripts/conventions.ts";
import type { Manifest } from "../scripts/render.ts";

interface Application {
  metadata: { name: string; annotations: Record<string, string> };
  spec: {
    source: { chart: string; helm: { valuesObject: Record<string, unknown> } };
    destination: { namespace: string };
  };
}
interface EnvVar {
  name: string;
  value?: string;
}
interface Peer {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels: Record<string, string> };
}
interface PolicyRule {
  to?: Peer[];
  from?: Peer[];
  ports?: { port: number }[];
}
interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData: Record<string, unknown>;
}

const app = (r: CheckResult, chart: string): Application => {
  const found = r.docs.find(
    (d) => d.manifest.kind === "Application" && (d.manifest as unknown as Application).spec.source.chart === chart,
  );
  if (!found) throw new Error(`no ArgoCD Application installs the ${chart} chart`);
  return found.manifest as unknown as Application;
};
const containerEnv = (d: Manifest): EnvVar[] =>
  (d.spec as { template: { spec: { containers: { env?: EnvVar[] }[] } } }).template.spec.containers[0]?.env ?? [];
const alloyConfig = (alloy: Application): string =>
  (alloy.spec.source.helm.valuesObject as { alloy: { configMap: { content: string } } }).alloy.configMap.content;
const datasources = (r: CheckResult): Datasource[] =>
  (
    app(r, "kube-prometheus-stack").spec.source.helm.valuesObject as {
      grafana: { additionalDataSources: Datasource[] };
    }
  ).grafana.additionalDataSources;

describe.each(["dev", "prod"] as const)("traces in the %s environment", (env) => {
  it("sends every Node service's spans to Alloy's OTLP/HTTP port with settings the kit accepts", async () => {
    const r = await checked(env);
    const alloy = app(r, "alloy");
    const extraPorts = (alloy.spec.source.helm.valuesObject as { alloy: { extraPorts: { port: number }[] } }).alloy
      .extraPorts;
    const deployments = r.docs.filter((d) => d.manifest.kind === "Deployment").map((d) => d.manifest);
    const node = deployments.filter((d) => d.metadata.name !== "chat-ui");
    expect(node.length).toBeGreaterThanOrEqual(8);
    for (const d of node) {
      const vars = Object.fromEntries(containerEnv(d).map((e) => [e.name, e.value]));
      const endpoint = new URL(vars.OTEL_EXPORTER_OTLP_ENDPOINT ?? "", "missing:/");
      expect(endpoint.hostname, d.metadata.name).toBe(
        `${alloy.metadata.name}.${alloy.spec.destination.namespace}.svc.cluster.local`,
      );
      expect(extraPorts.map((p) => p.port)).toContain(Number(endpoint.port));
      expect(alloyConfig(alloy)).toContain(`http { endpoint = "0.0.0.0:${endpoint.port}" }`);
      // The chart's values pass the same validation the services run at start-up.
      expect(tracingEnv.OTEL_EXPORTER_OTLP_ENDPOINT.parse(vars.OTEL_EXPORTER_OTLP_ENDPOINT)).toBe(
        `http://${endpoint.host}`,
      );
      expect(tracingEnv.OTEL_TRACES_SAMPLER.parse(vars.OTEL_TRACES_SAMPLER)).toBe("parentbased_traceidratio");
      expect(tracingEnv.OTEL_TRACES_SAMPLER_ARG.parse(vars.OTEL_TRACES_SAMPLER_ARG)).toBe(env === "prod" ? 0.1 : 1);
    }
    // The web app's nginx records no spans.
    const ui = deployments.find((d) => d.metadata.name === "chat-ui");
    expect(containerEnv(ui!).map((e) => e.name)).not.toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
  });

  it("lets each service reach Alloy, and Alloy accept spans from the service namespaces", async () => {
    const r = await checked(env);
    const services = r.docs.filter((d) => d.manifest.kind === "Deployment" && d.manifest.metadata.name !== "chat-ui");
    const policies = r.docs.filter((d) => d.manifest.kind === "NetworkPolicy").map((d) => d.manifest);
    for (const { manifest } of services) {
      const policy = policies.find(
        (p) => p.metadata.name === manifest.metadata.name && p.metadata.namespace === manifest.metadata.namespace,
      );
      const egress = (policy?.spec as { egress: PolicyRule[] }).egress;
      expect(
        egress.some(
          (rule) =>
            rule.to?.some(
              (peer) =>
                peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "monitoring" &&
                peer.podSelector?.matchLabels["app.kubernetes.io/name"] === "alloy",
            ) && rule.ports?.some((p) => p.port === 4318),
        ),
        `${manifest.metadata.name} may send to alloy:4318`,
      ).toBe(true);
    }
    const monitoring = policies.find((p) => p.metadata.name === "monitoring-internal");
    const ingress = (monitoring?.spec as { ingress: PolicyRule[] }).ingress;
    const otlp = ingress.find((rule) => rule.ports?.some((p) => p.port === 4318));
    expect(otlp?.from?.[0]?.namespaceSelector?.matchLabels).toEqual({ "app.kubernetes.io/part-of": "ustbites" });
    const namespaces = r.docs.filter((d) => d.manifest.kind === "Namespace").map((d) => d.manifest);
    for (const ns of new Set(services.map((s) => s.manifest.metadata.namespace)))
      expect(namespaces.find((n) => n.metadata.name === ns)?.metadata.labels?.["app.kubernetes.io/part-of"], ns).toBe(
        "ustbites",
      );
  });

  it("drops a client's trace headers at the gateway, so a trace starts at the first service", async () => {
    const r = await checked(env);
    const api = new Set(readRoutes().map((route) => route.service));
    const routes = r.docs.filter((d) => d.manifest.kind === "HTTPRoute" && api.has(d.manifest.metadata.name));
    expect(routes.length).toBeGreaterThan(5);
    for (const { manifest } of routes) {
      const filters = (
        manifest.spec as { rules: { filters: { type: string; requestHeaderModifier?: { remove: string[] } }[] }[] }
      ).rules[0]?.filters;
      const modifier = filters?.find((f) => f.type === "RequestHeaderModifier")?.requestHeaderModifier;
      expect(modifier?.remove, manifest.metadata.name).toEqual(expect.arrayContaining(["traceparent", "tracestate"]));
    }
  });

  it("forwards spans from Alloy, batched, to Tempo's OTLP gRPC receiver, Tempo syncing first", async () => {
    const r = await checked(env);
    const alloy = app(r, "alloy");
    const tempo = app(r, "tempo");
    const config = alloyConfig(alloy);
    expect(config).toContain("output { traces = [otelcol.processor.batch.default.input] }");
    expect(config).toContain("output { traces = [otelcol.exporter.otlp.tempo.input] }");
    const exporter = /otelcol\.exporter\.otlp "tempo" \{[^]*?endpoint = "([^"]+)"/.exec(config)?.[1];
    expect(exporter).toBe(`${tempo.metadata.name}.${tempo.spec.destination.namespace}.svc:4317`);
    const receivers = (
      tempo.spec.source.helm.valuesObject as {
        tempo: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } };
      }
    ).tempo.receivers;
    expect(receivers.otlp.protocols.grpc.endpoint).toBe("0.0.0.0:4317");
    expect(Number(tempo.metadata.annotations["argocd.argoproj.io/sync-wave"])).toBeLessThan(
      Number(alloy.metadata.annotations["argocd.argoproj.io/sync-wave"]),
    );
  });

  it("links Grafana's traces to logs and logs to traces by trace id", async () => {
    const r = await checked(env);
    const sources = datasources(r);
    const tempo = sources.find((s) => s.type === "tempo");
    const loki = sources.find((s) => s.type === "loki");
    const tempoApp = app(r, "tempo");
    expect(tempo?.url).toBe(`http://${tempoApp.metadata.name}.${tempoApp.spec.destination.namespace}.svc:3200`);

    // Span → logs: its service's stream (Alloy's `app` label) filtered by the trace id.
    const toLogs = tempo?.jsonData.tracesToLogsV2 as {
      datasourceUid: string;
      tags: { key: string; value: string }[];
      filterByTraceID: boolean;
    };
    expect(toLogs.datasourceUid).toBe(loki?.uid);
    expect(toLogs.filterByTraceID).toBe(true);
    expect(toLogs.tags).toEqual([{ key: "service.name", value: "app" }]);
    expect(alloyConfig(app(r, "alloy"))).toContain('target_label = "app"');

    // Log line → trace: the trace_id the kit's pino mixin writes on every line logged inside a span.
    const derived = (loki?.jsonData.derivedFields as { matcherRegex: string; datasourceUid: string; url: string }[])[0];
    expect(derived?.datasourceUid).toBe(tempo?.uid);
    expect(derived?.url).toBe("$${__value.raw}");
    const line =
      '{"level":30,"time":1796685548171,"service":"order","trace_id":"7fbfe2686876d40dc21bc1ab34feb33d","span_id":"00f067aa0ba902b7","msg":"order placed"}';
    expect(new RegExp(derived?.matcherRegex ?? "$^").exec(line)?.[1]).toBe("7fbfe2686876d40dc21bc1ab34feb33d");
    expect(new RegExp(derived?.matcherRegex ?? "$^").exec('{"level":30,"msg":"no span here"}')).toBeNull();
  });
});

describe("the services dashboard", () => {
  const dashboard = JSON.parse(
    readFileSync(join(chartsRoot, "ustbites/files/dashboards/ustbites-services.json"), "utf8"),
  ) as {
    links: { url: string }[];
    panels: { title: string; datasource: { type: string; uid: string }; targets: { query?: string }[] }[];
  };

  it("lists recent traces of the selected services and links to the trace search", async () => {
    const tempo = datasources(await checked("prod")).find((s) => s.type === "tempo");
    const panel = dashboard.panels.find((p) => p.datasource.uid === tempo?.uid);
    expect(panel?.title).toMatch(/traces/i);
    expect(panel?.targets[0]?.query).toContain("resource.service.name");
    expect(panel?.targets[0]?.query).toContain("${service:regex}");
    const link = dashboard.links.find((l) => l.url.startsWith("/explore"));
    expect(decodeURIComponent(link?.url ?? "")).toContain(`"datasource":"${tempo?.uid}"`);
  });
});
