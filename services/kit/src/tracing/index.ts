export {
  activeTraceparent,
  extractTraceContext,
  flushTracing,
  injectTraceContext,
  inTraceOf,
  SAMPLERS,
  setupTracing,
  startTracing,
  traceStore,
  tracerFor,
  withService,
  type TracingConfig,
} from "./setup.ts";
export { traceRequests, type RequestTracingOptions } from "./http.ts";
export { TraceStore, type StoredSpan, type TraceSummary, type TraceStoreOptions } from "./store.ts";
