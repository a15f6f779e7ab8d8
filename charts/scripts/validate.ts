// Validates manifests against the JSON schemas shipped by the kubernetes-models packages
// (Kubernetes 1.3x core, Gateway API, ArgoCD, SealedSecret, Prometheus operator, Kyverno,
// cert-manager, CloudNativePG).
import type { Manifest, RenderedDoc } from "./render.ts";

const packageByGroup: Record<string, string> = {
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "argoproj.io": "@kubernetes-models/argo-cd",
  "bitnami.com": "@kubernetes-models/sealed-secrets",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "kyverno.io": "@kubernetes-models/kyverno",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

/**
 * Kinds no npm package carries a schema for. They are checked for shape only (name, namespace,
 * a spec object) and the limit is stated in charts/README.md.
 */
export const SHAPE_ONLY_KINDS = new Set([
  "rabbitmq.com/v1beta1/RabbitmqCluster",
  "gateway.kgateway.dev/v1alpha1/TrafficPolicy",
  "gateway.kgateway.dev/v1alpha1/DirectResponse",
]);

type Model = { validate(): void };
type ModelClass = new (data: Manifest) => Model;

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === "function" &&
    typeof (value as { prototype?: { validate?: unknown } }).prototype?.validate === "function"
  );
}

async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const slash = apiVersion.indexOf("/");
  const group = slash === -1 ? "" : apiVersion.slice(0, slash);
  const pkg =
    group === "" || !group.includes(".") || (group.endsWith(".k8s.io") && !packageByGroup[group])
      ? "kubernetes-models"
      : packageByGroup[group];
  if (!pkg) return undefined;
  try {
    const mod = (await import(`${pkg}/${apiVersion}/${kind}`)) as Record<string, unknown>;
    const model = mod[kind];
    return isModelClass(model) ? model : undefined;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" ||
      (error as NodeJS.ErrnoException).code === "ERR_PACKAGE_PATH_NOT_EXPORTED"
    )
      return undefined;
    throw error;
  }
}

const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problems found in the documents; empty when every document matches its schema. */
export async function validateManifests(docs: RenderedDoc[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { source, manifest } of docs) {
    const { apiVersion, kind, metadata } = manifest;
    const id = `${apiVersion}/${kind} ${metadata?.namespace ?? ""}/${metadata?.name ?? "?"}`;
    if (!metadata || typeof metadata.name !== "string" || !dns1123.test(metadata.name) || metadata.name.length > 253) {
      problems.push(`${source}: ${id}: metadata.name is missing or not a DNS-1123 name`);
      continue;
    }
    if (seen.has(id)) problems.push(`${source}: ${id} is rendered twice`);
    seen.add(id);
    if (SHAPE_ONLY_KINDS.has(`${apiVersion}/${kind}`)) {
      if (typeof manifest.spec !== "object" || manifest.spec === null)
        problems.push(`${source}: ${id}: spec must be an object`);
      continue;
    }
    const Model = await modelFor(apiVersion, kind);
    if (!Model) {
      problems.push(`${source}: ${id}: no schema known for ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(manifest).validate();
    } catch (error) {
      problems.push(`${source}: ${id}: ${(error as Error).message}`);
    }
  }
  return problems;
}
