// Policy checks over rendered + static manifests: what a reviewer would otherwise check by eye.
import type { Manifest, RenderedDoc } from "./render.ts";

type Labels = Record<string, string>;
type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function ofKind(docs: RenderedDoc[], kind: string): Manifest[] {
  return docs.filter((d) => d.manifest.kind === kind).map((d) => d.manifest);
}

interface PodTemplate {
  owner: string;
  kind: string;
  spec: Obj;
}

function podTemplates(docs: RenderedDoc[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const m of docs.map((d) => d.manifest)) {
    const owner = `${m.kind} ${m.metadata.namespace ?? ""}/${m.metadata.name}`;
    if (["Deployment", "StatefulSet", "Job", "DaemonSet"].includes(m.kind)) {
      out.push({ owner, kind: m.kind, spec: obj(obj(obj(m.spec).template).spec) });
    }
  }
  return out;
}

/** Every workload: limits and requests, non-root, locked-down containers; Deployments: all three probes. */
export function checkWorkloads(docs: RenderedDoc[]): string[] {
  const problems: string[] = [];
  for (const { owner, kind, spec } of podTemplates(docs)) {
    const pod = obj(spec.securityContext);
    for (const c of arr(spec.containers).map(obj)) {
      const where = `${owner} container ${String(c.name)}`;
      const res = obj(c.resources);
      for (const part of ["requests", "limits"]) {
        for (const r of ["cpu", "memory"]) {
          if (obj(res[part])[r] === undefined) problems.push(`${where}: resources.${part}.${r} is missing`);
        }
      }
      const sc = obj(c.securityContext);
      if (sc.runAsNonRoot !== true && pod.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
      if (sc.runAsUser === 0 || pod.runAsUser === 0) problems.push(`${where}: runs as uid 0`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (!arr(obj(sc.capabilities).drop).includes("ALL")) problems.push(`${where}: capabilities.drop lacks ALL`);
      const seccomp = obj(sc.seccompProfile).type ?? obj(pod.seccompProfile).type;
      if (seccomp !== "RuntimeDefault") problems.push(`${where}: seccompProfile is not RuntimeDefault`);
      if (kind === "Deployment") {
        for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
          if (c[probe] === undefined) problems.push(`${where}: ${probe} is missing`);
        }
      }
    }
    if (kind === "Deployment" && spec.automountServiceAccountToken !== false)
      problems.push(`${owner}: automountServiceAccountToken is not false`);
  }
  return problems;
}

/** Every HTTPRoute attaches to an existing Gateway listener and points at an existing Service port. */
export function checkRoutes(docs: RenderedDoc[]): string[] {
  const problems: string[] = [];
  const services = ofKind(docs, "Service");
  const gateways = ofKind(docs, "Gateway");
  for (const route of ofKind(docs, "HTTPRoute")) {
    const ns = route.metadata.namespace ?? "default";
    const id = `HTTPRoute ${ns}/${route.metadata.name}`;
    for (const parent of arr(obj(route.spec).parentRefs).map(obj)) {
      const gw = gateways.find(
        (g) => g.metadata.name === parent.name && (g.metadata.namespace ?? "default") === (parent.namespace ?? ns),
      );
      if (!gw)
        problems.push(`${id}: parent Gateway ${String(parent.namespace ?? ns)}/${String(parent.name)} does not exist`);
      else if (
        parent.sectionName !== undefined &&
        !arr(obj(gw.spec).listeners)
          .map(obj)
          .some((l) => l.name === parent.sectionName)
      ) {
        problems.push(`${id}: Gateway ${String(parent.name)} has no listener ${String(parent.sectionName)}`);
      }
    }
    for (const rule of arr(obj(route.spec).rules).map(obj)) {
      for (const ref of arr(rule.backendRefs).map(obj)) {
        const refNs = String(ref.namespace ?? ns);
        if (refNs !== ns)
          problems.push(`${id}: backend ${refNs}/${String(ref.name)} is in another namespace (needs a ReferenceGrant)`);
        const svc = services.find((s) => s.metadata.name === ref.name && (s.metadata.namespace ?? "default") === refNs);
        if (!svc) {
          problems.push(`${id}: backend Service ${refNs}/${String(ref.name)} does not exist`);
          continue;
        }
        if (
          !arr(obj(svc.spec).ports)
            .map(obj)
            .some((p) => p.port === ref.port)
        ) {
          problems.push(`${id}: Service ${refNs}/${String(ref.name)} has no port ${String(ref.port)}`);
        }
      }
    }
  }
  return problems;
}

export interface Pod {
  id: string;
  namespace: string;
  labels: Labels;
  port: number;
}

function selects(selector: unknown, labels: Labels): boolean {
  const s = obj(selector);
  for (const [k, v] of Object.entries(obj(s.matchLabels))) if (labels[k] !== v) return false;
  for (const e of arr(s.matchExpressions).map(obj)) {
    const values = arr(e.values).map(String);
    const has = Object.hasOwn(labels, String(e.key));
    const value = labels[String(e.key)];
    if (e.operator === "In" && !(has && values.includes(value ?? ""))) return false;
    if (e.operator === "NotIn" && has && values.includes(value ?? "")) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function peerMatches(peer: Obj, policyNs: string, pod: Pod): boolean {
  if (peer.ipBlock !== undefined) return false;
  const nsLabels: Labels = { "kubernetes.io/metadata.name": pod.namespace };
  const nsOk =
    peer.namespaceSelector === undefined ? pod.namespace === policyNs : selects(peer.namespaceSelector, nsLabels);
  const podOk = peer.podSelector === undefined ? true : selects(peer.podSelector, pod.labels);
  return nsOk && podOk;
}

function portMatches(ports: unknown, port: number): boolean {
  const list = arr(ports).map(obj);
  return list.length === 0 || list.some((p) => p.port === undefined || p.port === port);
}

function allowedOneWay(
  policies: Manifest[],
  direction: "Ingress" | "Egress",
  subject: Pod,
  peer: Pod,
  port: number,
): boolean {
  const applicable = policies.filter((p) => {
    const spec = obj(p.spec);
    const types = arr(spec.policyTypes);
    return (
      (p.metadata.namespace ?? "default") === subject.namespace &&
      selects(spec.podSelector, subject.labels) &&
      types.includes(direction)
    );
  });
  // No policy selects the pod in this direction: Kubernetes does not isolate it.
  if (applicable.length === 0) return true;
  const key = direction === "Ingress" ? "ingress" : "egress";
  const peersKey = direction === "Ingress" ? "from" : "to";
  return applicable.some((p) =>
    arr(obj(p.spec)[key])
      .map(obj)
      .some((rule) => {
        const peers = rule[peersKey];
        const peerOk =
          peers === undefined ||
          arr(peers)
            .map(obj)
            .some((x) => peerMatches(x, p.metadata.namespace ?? "default", peer));
        return peerOk && portMatches(rule.ports, port);
      }),
  );
}

/** Whether the NetworkPolicies let `from` open a connection to `to` on to's port. */
export function connectionAllowed(policies: Manifest[], from: Pod, to: Pod): boolean {
  return allowedOneWay(policies, "Egress", from, to, to.port) && allowedOneWay(policies, "Ingress", to, from, to.port);
}

/** The pods of every Deployment (labels from its template, port from its first container port). */
export function deploymentPods(docs: RenderedDoc[]): Pod[] {
  return ofKind(docs, "Deployment").map((d) => {
    const template = obj(obj(d.spec).template);
    const container = obj(arr(obj(template.spec).containers)[0]);
    const port = Number(obj(arr(container.ports)[0]).containerPort);
    return {
      id: d.metadata.name,
      namespace: d.metadata.namespace ?? "default",
      labels: obj(obj(template.metadata).labels) as Labels,
      port,
    };
  });
}

/**
 * The NetworkPolicies allow exactly the expected calls between the given pods: every expected
 * (caller, callee) pair is allowed, and no other pair is. Every namespace has a default deny.
 */
export function checkNetworkPolicies(
  docs: RenderedDoc[],
  pods: Pod[],
  expected: Set<string>,
  namespaces: string[],
): string[] {
  const problems: string[] = [];
  const policies = ofKind(docs, "NetworkPolicy");
  for (const ns of namespaces) {
    const denyAll = policies.some((p) => {
      const spec = obj(p.spec);
      return (
        (p.metadata.namespace ?? "default") === ns &&
        Object.keys(obj(spec.podSelector)).length === 0 &&
        arr(spec.policyTypes).includes("Ingress") &&
        arr(spec.policyTypes).includes("Egress") &&
        arr(spec.ingress).length === 0 &&
        arr(spec.egress).length === 0
      );
    });
    if (!denyAll) problems.push(`namespace ${ns} has no default-deny NetworkPolicy`);
  }
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      const key = `${from.id}->${to.id}`;
      const allowed = connectionAllowed(policies, from, to);
      if (expected.has(key) && !allowed)
        problems.push(
          `${from.id} calls ${to.id}, but no NetworkPolicy allows ${from.namespace}/${from.id} -> ${to.namespace}/${to.id}:${to.port}`,
        );
      if (!expected.has(key) && allowed)
        problems.push(`NetworkPolicies allow ${from.id} -> ${to.id}, which is not a call in the design`);
    }
  }
  return problems;
}
