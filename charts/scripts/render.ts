// Renders a chart the way `helm template` does, offline: chart loading, dependency (file://)
// resolution and value coalescing here; the templates themselves run through Go's text/template
// and sprig compiled to WebAssembly (tools/renderer), so template semantics are Helm's own.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { runInThisContext } from "node:vm";
import { gunzipSync } from "node:zlib";
import { Ajv } from "ajv";
import { parse as parseYaml, parseAllDocuments } from "yaml";

export type Values = Record<string, unknown>;

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderedDoc {
  source: string;
  manifest: Manifest;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  valuesFiles?: string[];
  values?: Values;
  kubeVersion?: string;
  isUpgrade?: boolean;
}

interface ChartMeta {
  apiVersion: string;
  name: string;
  version: string;
  appVersion?: string;
  type?: string;
  dependencies?: { name: string; version: string; repository: string }[];
}

interface LoadedChart {
  meta: ChartMeta;
  dir: string;
  templates: Map<string, string>;
  files: Map<string, string>;
  values: Values;
  schema: object | undefined;
  library: boolean;
}

const rendererDir = resolve(import.meta.dirname, "../tools/renderer");

// The project's TypeScript libs leave out the WebAssembly globals (no "dom"); these are the parts used.
type WasmInstance = object;
type WasmApi = { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: WasmInstance }> };
type GoRuntime = { importObject: object; run(instance: WasmInstance): Promise<void> };
type RendererGlobals = { Go?: new () => GoRuntime; helmRender?: (input: string) => string };

let renderer: Promise<(input: string) => string> | undefined;

function loadRenderer(): Promise<(input: string) => string> {
  renderer ??= (async () => {
    const g = globalThis as RendererGlobals;
    if (!g.Go) runInThisContext(readFileSync(join(rendererDir, "wasm_exec.js"), "utf8"));
    const Go = g.Go;
    if (!Go) throw new Error("wasm_exec.js did not define Go");
    const go = new Go();
    const wasm = gunzipSync(readFileSync(join(rendererDir, "renderer.wasm.gz")));
    const { instance } = await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.instantiate(
      wasm,
      go.importObject,
    );
    // run() resolves only when the Go program exits; it blocks forever after registering helmRender.
    void go.run(instance);
    const fn = g.helmRender;
    if (!fn) throw new Error("renderer.wasm did not register helmRender");
    return fn;
  })();
  return renderer;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    // statSync follows symlinks, as Helm's loader does (files/routes.json is one).
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out.sort();
}

function isPlainObject(v: unknown): v is Values {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Helm's coalescing: maps merge key by key, anything else is replaced, null deletes the key. */
export function coalesce(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = coalesce(out[key] as Values, value);
    else out[key] = value;
  }
  return out;
}

function loadChart(dir: string): LoadedChart {
  const meta = parseYaml(readFileSync(join(dir, "Chart.yaml"), "utf8")) as ChartMeta;
  const templates = new Map<string, string>();
  const files = new Map<string, string>();
  for (const path of walk(dir)) {
    const rel = relative(dir, path).split(sep).join("/");
    if (rel.startsWith("templates/")) templates.set(rel, readFileSync(path, "utf8"));
    else if (
      !["Chart.yaml", "values.yaml", "values.schema.json", ".helmignore"].includes(rel) &&
      !rel.startsWith("charts/")
    ) {
      files.set(rel, readFileSync(path, "utf8"));
    }
  }
  let values: Values = {};
  try {
    values = (parseYaml(readFileSync(join(dir, "values.yaml"), "utf8")) as Values | null) ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  let schema: object | undefined;
  try {
    schema = JSON.parse(readFileSync(join(dir, "values.schema.json"), "utf8")) as object;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return { meta, dir, templates, files, values, schema, library: meta.type === "library" };
}

export class ValuesSchemaError extends Error {}
export class RenderError extends Error {}

export function validateValues(schema: object, values: Values): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => `values${e.instancePath.replaceAll("/", ".")}: ${e.message ?? "invalid"}`);
}

/** `helm template <release> <chartDir> -n <ns> -f <valuesFiles...>`, returning parsed documents. */
export async function renderChart(chartDir: string, options: RenderOptions = {}): Promise<RenderedDoc[]> {
  const chart = loadChart(chartDir);
  let values = chart.values;
  for (const file of options.valuesFiles ?? []) {
    values = coalesce(values, (parseYaml(readFileSync(file, "utf8")) as Values | null) ?? {});
  }
  if (options.values) values = coalesce(values, options.values);
  if (chart.schema) {
    const problems = validateValues(chart.schema, values);
    if (problems.length > 0)
      throw new ValuesSchemaError(`values don't meet the specifications of the schema:\n${problems.join("\n")}`);
  }

  const templates: Record<string, string> = {};
  const libraryFiles: string[] = [];
  for (const [rel, body] of chart.templates) templates[`${chart.meta.name}/${rel}`] = body;
  for (const dep of chart.meta.dependencies ?? []) {
    if (!dep.repository.startsWith("file://"))
      throw new RenderError(`dependency ${dep.name}: only file:// repositories render offline`);
    const sub = loadChart(resolve(chartDir, dep.repository.slice("file://".length)));
    if (sub.meta.name !== dep.name) throw new RenderError(`dependency ${dep.name} points at chart ${sub.meta.name}`);
    if (sub.meta.version !== dep.version)
      throw new RenderError(`dependency ${dep.name} wants ${dep.version}, found ${sub.meta.version}`);
    for (const [rel, body] of sub.templates) {
      const name = `${chart.meta.name}/charts/${sub.meta.name}/${rel}`;
      templates[name] = body;
      if (sub.library) libraryFiles.push(name);
    }
  }

  const kubeVersion = options.kubeVersion ?? "v1.33.0";
  const [major, minor] = kubeVersion.replace(/^v/, "").split(".");
  const request = {
    templates,
    libraryFiles,
    files: Object.fromEntries(chart.files),
    values,
    release: {
      Name: options.releaseName ?? chart.meta.name,
      Namespace: options.namespace ?? "default",
      IsInstall: !options.isUpgrade,
      IsUpgrade: options.isUpgrade ?? false,
      Revision: 1,
      Service: "Helm",
    },
    chart: {
      Name: chart.meta.name,
      Version: chart.meta.version,
      AppVersion: chart.meta.appVersion ?? "",
      Type: chart.meta.type ?? "application",
    },
    kubeVersion: { version: kubeVersion, major, minor },
    apiVersions: [],
    strict: false,
  };
  const render = await loadRenderer();
  const response = JSON.parse(render(JSON.stringify(request))) as {
    manifests?: Record<string, string>;
    error?: string;
  };
  if (response.error !== undefined || !response.manifests)
    throw new RenderError(response.error ?? "renderer returned nothing");

  const docs: RenderedDoc[] = [];
  for (const source of Object.keys(response.manifests).sort()) {
    for (const doc of parseAllDocuments(response.manifests[source] ?? "")) {
      if (doc.errors.length > 0) throw new RenderError(`${source}: YAML parse error: ${doc.errors[0]?.message}`);
      const manifest = doc.toJS() as Manifest | null;
      if (manifest === null) continue;
      if (!isPlainObject(manifest) || typeof manifest.apiVersion !== "string" || typeof manifest.kind !== "string") {
        throw new RenderError(`${source}: a rendered document has no apiVersion/kind`);
      }
      docs.push({ source, manifest });
    }
  }
  return docs;
}

/** Every YAML document under a directory of plain manifests (charts/platform, charts/argocd). */
export function loadStatic(dir: string): RenderedDoc[] {
  const docs: RenderedDoc[] = [];
  for (const path of walk(dir).filter((p) => p.endsWith(".yaml"))) {
    for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
      if (doc.errors.length > 0) throw new RenderError(`${path}: ${doc.errors[0]?.message}`);
      const manifest = doc.toJS() as Manifest | null;
      if (manifest !== null) docs.push({ source: relative(resolve(import.meta.dirname, ".."), path), manifest });
    }
  }
  return docs;
}
