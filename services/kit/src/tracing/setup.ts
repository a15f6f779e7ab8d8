import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Tracer,
  type TracerProvider as GlobalTracerProvider,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { TraceStore } from "./store.ts";

export const SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/** The standard OpenTelemetry variables this process honours (parsed in every deployable's env.ts). */
export interface TracingConfig {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_TRACES_SAMPLER: (typeof SAMPLERS)[number];
  OTEL_TRACES_SAMPLER_ARG: number;
}

function samplerFor(config: TracingConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG);
  switch (config.OTEL_TRACES_SAMPLER) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio;
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio });
  }
}

const store = new TraceStore();

/**
 * Where ended spans go and how roots are sampled, for the whole process. Every service's provider
 * delegates to these, so the one `setupTracing` call may come after a provider was made.
 */
const current: { processor: SpanProcessor; sampler: Sampler; configured: boolean } = {
  processor: store,
  sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  configured: false,
};

const processor: SpanProcessor = {
  onStart: (span, parent) => current.processor.onStart(span, parent),
  onEnd: (span) => current.processor.onEnd(span),
  forceFlush: () => current.processor.forceFlush(),
  shutdown: () => current.processor.shutdown(),
};

const sampler: Sampler = {
  shouldSample: (...args) => current.sampler.shouldSample(...args),
  toString: () => current.sampler.toString(),
};

let installed = false;
/** Whose spans those are that start outside any service's request or message (timers, start-up). */
let processService = "ustbites";

/**
 * The global tracer (`trace.getTracer()`, used by code that does not know its service: the kit's HTTP
 * client, the agent's tools) starts each span on the provider of the service in whose context it runs.
 */
const routedProvider: GlobalTracerProvider = {
  getTracer: (scope: string) => {
    const pick = (ctx: Context | undefined) => tracerFor(serviceIn(ctx ?? context.active()) ?? processService, scope);
    return {
      startSpan: (name, options, ctx) => pick(ctx).startSpan(name, options, ctx),
      // The overloads are (name, fn), (name, options, fn) and (name, options, context, fn).
      startActiveSpan: (name: string, ...rest: unknown[]) => {
        const ctx = rest.length === 3 ? (rest[1] as Context | undefined) : undefined;
        return (pick(ctx).startActiveSpan as (name: string, ...rest: unknown[]) => unknown)(name, ...rest);
      },
    } as Tracer;
  },
};

/** The async-local context, W3C propagation and the global tracer, registered once per process. */
function install(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(routedProvider);
}

/**
 * Configures tracing for this process, once: the first call decides (the platform launcher's, when
 * every service shares its process). With an OTLP endpoint, spans are batched to it; without, they go
 * to the in-process store the admin trace page reads. Returns the choice, for the caller to log.
 */
export function setupTracing(
  config: TracingConfig,
  service: string,
): { exporter: "embedded" | "otlp"; endpoint?: string; sampler: string } | undefined {
  install();
  if (current.configured) return undefined;
  current.configured = true;
  processService = service;
  current.sampler = samplerFor(config);
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint) {
    // The generic endpoint names the collector; traces go to its /v1/traces (OTLP/HTTP's rule).
    const url = `${endpoint.replace(/\/$/, "")}/v1/traces`;
    current.processor = new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) });
    return { exporter: "otlp", endpoint: url, sampler: current.sampler.toString() };
  }
  current.processor = store;
  return { exporter: "embedded", sampler: current.sampler.toString() };
}

/**
 * What each deployable's start function calls first: configures tracing from its env (if nothing in the
 * process did already) and logs the choice.
 */
export function startTracing(
  config: TracingConfig,
  service: string,
  log: { info(obj: object, msg: string): void },
): void {
  const choice = setupTracing(config, service);
  if (choice?.exporter === "otlp") log.info({ tracing: choice }, `tracing: spans are exported to ${choice.endpoint}`);
  else if (choice)
    log.info(
      { tracing: choice },
      "OTEL_EXPORTER_OTLP_ENDPOINT not set: traces are kept in process (the admin trace page)",
    );
}

/** Sends what is batched (OTLP); resolves at once for the embedded store. */
export function flushTracing(): Promise<void> {
  return current.processor.forceFlush();
}

/** The embedded store: recent traces of this process (empty when spans go to OTLP). */
export function traceStore(): TraceStore {
  return store;
}

const providers = new Map<string, TracerProvider>();

/**
 * A tracer whose spans belong to `service` (their resource's `service.name`). Several services share
 * one process under the platform launcher, so each gets its own provider rather than one per process.
 */
export function tracerFor(service: string, scope = "@ustbites/kit"): Tracer {
  install();
  let provider = providers.get(service);
  if (!provider) {
    provider = new TracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
      sampler,
      spanProcessors: [processor],
    });
    providers.set(service, provider);
  }
  return provider.getTracer(scope);
}

const SERVICE = createContextKey("ustbites.service");

/** `ctx` noting which service the code running in it belongs to (read by spans that do not know it). */
export function withService(ctx: Context, service: string): Context {
  return ctx.setValue(SERVICE, service);
}

function serviceIn(ctx: Context): string | undefined {
  return ctx.getValue(SERVICE) as string | undefined;
}

/** Adds `traceparent` (and `tracestate`) for the active span to `headers`; no-op outside a trace. */
export function injectTraceContext<H extends Record<string, unknown>>(headers: H, ctx: Context = context.active()): H {
  propagation.inject(ctx, headers);
  return headers;
}

/** The remote parent carried in `headers` (HTTP or message headers), or the root context. */
export function extractTraceContext(headers: Record<string, unknown>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => {
      const value = carrier[key];
      if (typeof value === "string") return value;
      return Buffer.isBuffer(value) ? value.toString("utf8") : undefined;
    },
  });
}

/** The `traceparent` of the active span (what an outbox row keeps), or undefined outside a trace. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/**
 * Runs `fn` in a span of `service` continuing the trace `traceparent` names (a root span when it is
 * null): work done later on behalf of a request, e.g. the simulated kitchen accepting an order.
 */
export async function inTraceOf<T>(
  service: string,
  name: string,
  traceparent: string | null | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = traceparent ? extractTraceContext({ traceparent }) : ROOT_CONTEXT;
  const span = tracerFor(service).startSpan(name, {}, parent);
  try {
    return await context.with(withService(trace.setSpan(parent, span), service), fn);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
