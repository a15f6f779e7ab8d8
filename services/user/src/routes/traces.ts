import { Problem, TraceDetail, TraceList, TraceListQuery, TraceParams } from "@ustbites/contracts";
import { notFound, traceStore, type App } from "@ustbites/kit";

/**
 * The embedded trace store, for admins: recent traces and one trace's spans. Under the platform
 * launcher every service shares one process and so one store; with OTLP configured it stays empty and
 * the collector's backend (Tempo in charts/) is where traces are read.
 */
export async function traceRoutes(app: App): Promise<void> {
  app.get(
    "/admin/traces",
    {
      config: { access: ["admin"] },
      schema: {
        tags: ["admin"],
        summary: "Recent traces kept in process, newest first (admins only)",
        security: [{ bearer: [] }],
        querystring: TraceListQuery,
        response: { 200: TraceList, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => ({ items: traceStore().list(request.query.limit) }),
  );
  app.get(
    "/admin/traces/:traceId",
    {
      config: { access: ["admin"] },
      schema: {
        tags: ["admin"],
        summary: "One trace's spans in start order (admins only)",
        security: [{ bearer: [] }],
        params: TraceParams,
        response: { 200: TraceDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const spans = traceStore().trace(request.params.traceId);
      if (!spans) throw notFound(`trace ${request.params.traceId} is not kept (only recent traces are)`);
      return { traceId: request.params.traceId, spans };
    },
  );
}
