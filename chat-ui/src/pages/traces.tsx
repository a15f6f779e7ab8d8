import { useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, RefreshCw } from "lucide-react";
import { Fragment, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client.ts";
import { useApp, useSession } from "../app-context.tsx";
import { Badge, Button, Card, cx, ErrorNotice, PageTitle, Spinner } from "../components/ui.tsx";
import { formatClock } from "../format.ts";
import {
  axisTicks,
  buildWaterfall,
  formatDuration,
  formatTick,
  serviceColour,
  type WaterfallRow,
} from "../traces/waterfall.ts";

const TRACES = ["admin", "traces"] as const;

function NotAllowed() {
  return (
    <>
      <PageTitle>Not allowed</PageTitle>
      <p className="text-stone-700">Traces are for administrators. Sign in with an admin account to see them.</p>
    </>
  );
}

/** The services answer 403 as well: a signed-in non-admin who got here is told the same. */
const forbidden = (error: unknown) => error instanceof ApiError && error.status === 403;

function ServiceName({ service }: { service: string }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-stone-700">
      <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: serviceColour(service) }} />
      {service}
    </span>
  );
}

function RefreshButton({ onClick, busy }: { onClick: () => void; busy: boolean }) {
  return (
    <Button variant="secondary" size="sm" busy={busy} onClick={onClick}>
      {busy ? null : <RefreshCw aria-hidden="true" className="size-4" />}
      Refresh
    </Button>
  );
}

/** Recent traces of the embedded store, newest first. Admins only. */
export function TracesPage() {
  const session = useSession();
  const { endpoints } = useApp();
  const isAdmin = session?.user.role === "admin";
  const traces = useQuery({ queryKey: TRACES, queryFn: () => endpoints.traces.list(50), enabled: isAdmin });
  if (!isAdmin || forbidden(traces.error)) return <NotAllowed />;
  return (
    <>
      <PageTitle action={<RefreshButton busy={traces.isFetching} onClick={() => void traces.refetch()} />}>
        Traces
      </PageTitle>
      <p className="mb-3 text-sm text-stone-700">
        The most recent requests and what they set off, kept in memory by the running platform.
      </p>
      {traces.isPending ? <Spinner label="Loading traces…" /> : null}
      {traces.error ? <ErrorNotice error={traces.error} title="Could not load the traces" /> : null}
      {traces.data && traces.data.items.length === 0 ? <p className="text-stone-700">No traces yet.</p> : null}
      {traces.data && traces.data.items.length > 0 ? (
        <ul aria-label="Traces" className="flex flex-col gap-2">
          {traces.data.items.map((t) => (
            <li key={t.traceId} data-trace-id={t.traceId}>
              <Card>
                <Link
                  to={`/admin/traces/${t.traceId}`}
                  className="flex items-center gap-3 rounded-xl p-3 hover:bg-stone-50 sm:p-4"
                >
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="break-all font-semibold">{t.root.name}</span>
                      {t.errors > 0 ? (
                        <Badge tone="red">{t.errors === 1 ? "1 error" : `${t.errors} errors`}</Badge>
                      ) : null}
                    </div>
                    <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1" aria-label="Services">
                      {t.services.map((s) => (
                        <ServiceName key={s} service={s} />
                      ))}
                    </p>
                    <p className="mt-1 text-xs text-stone-600">
                      Started {formatClock(t.startMs)} · {formatDuration(t.durationMs)} · {t.spanCount}{" "}
                      {t.spanCount === 1 ? "span" : "spans"}
                    </p>
                  </div>
                  <ChevronRight aria-hidden="true" className="size-5 shrink-0 text-stone-500" />
                </Link>
              </Card>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function AttributeList({ row }: { row: WaterfallRow }) {
  const { span } = row;
  const facts: [string, string][] = [
    ["service", span.service],
    ["kind", span.kind],
    ["status", span.status],
    ["starts at", `+${formatDuration(row.offsetMs)}`],
    ["duration", formatDuration(span.durationMs)],
    ["span id", span.spanId],
    ...(span.parentSpanId ? [["parent span id", span.parentSpanId] as [string, string]] : []),
    ...Object.entries(span.attributes).map(([k, v]): [string, string] => [
      k,
      Array.isArray(v) ? v.join(", ") : String(v),
    ]),
    ...span.links.map((l, i): [string, string] => [`link ${i + 1}`, `${l.traceId} / ${l.spanId}`]),
  ];
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-xs">
      {facts.map(([k, v]) => (
        <Fragment key={k}>
          <dt className="font-mono text-stone-600">{k}</dt>
          <dd className="break-all font-mono text-stone-900">{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function SpanRow({
  row,
  totalMs,
  ticks,
  open,
  onToggle,
}: {
  row: WaterfallRow;
  totalMs: number;
  ticks: number[];
  open: boolean;
  onToggle: () => void;
}) {
  const { span, depth, offsetMs } = row;
  const failed = span.status === "error";
  const left = totalMs > 0 ? (offsetMs / totalMs) * 100 : 0;
  const width = totalMs > 0 ? (span.durationMs / totalMs) * 100 : 100;
  const detailsId = `span-${span.spanId}`;
  return (
    <>
      <tr
        data-span-id={span.spanId}
        data-parent-span-id={span.parentSpanId ?? ""}
        data-depth={depth}
        data-service={span.service}
        data-kind={span.kind}
        data-status={span.status}
        className={cx(
          "cursor-pointer border-t border-stone-100 align-top hover:bg-stone-50",
          open && "bg-stone-50",
          failed && "bg-red-50/60",
        )}
        onClick={onToggle}
      >
        <td className="py-1.5 pr-2" style={{ paddingLeft: `${0.25 + depth * 0.875}rem` }}>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={detailsId}
            className="block w-full text-left"
            onClick={(event) => {
              // The row toggles too: without this the click would toggle twice.
              event.stopPropagation();
              onToggle();
            }}
          >
            <span className="sr-only">{`Level ${depth + 1}: `}</span>
            <span className="block truncate text-sm font-medium text-stone-900" title={span.name}>
              {span.name}
            </span>
            <span className="flex flex-wrap items-center gap-x-2">
              <ServiceName service={span.service} />
              <span className="text-xs text-stone-600">{span.kind}</span>
              {failed ? <span className="text-xs font-semibold text-red-800">error</span> : null}
            </span>
          </button>
        </td>
        <td className="py-1.5">
          <div className="relative h-8" aria-hidden="true">
            {ticks.map((t) => (
              <span
                key={t}
                className="absolute inset-y-0 w-px bg-stone-200"
                style={{ left: `${totalMs > 0 ? (t / totalMs) * 100 : 0}%` }}
              />
            ))}
            <div
              className={cx("absolute top-2 h-4 rounded-sm", failed && "ring-2 ring-red-700 ring-offset-1")}
              style={{
                left: `${left}%`,
                width: `${width}%`,
                minWidth: "3px",
                background: failed
                  ? `repeating-linear-gradient(135deg, ${serviceColour(span.service)} 0 4px, #b91c1c 4px 8px)`
                  : serviceColour(span.service),
              }}
            />
          </div>
        </td>
        <td className="py-1.5 pl-2 text-right text-sm tabular-nums whitespace-nowrap">
          {formatDuration(span.durationMs)}
          <span className="block text-xs text-stone-600">at +{formatDuration(offsetMs)}</span>
        </td>
      </tr>
      {open ? (
        <tr id={detailsId} className="bg-stone-50">
          <td colSpan={3} className="px-3 pb-3 pt-1">
            <AttributeList row={row} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** One trace as a waterfall: spans nested under their parents, bars on one time axis. Admins only. */
export function TracePage() {
  const { traceId = "" } = useParams();
  const session = useSession();
  const { endpoints } = useApp();
  const isAdmin = session?.user.role === "admin";
  const trace = useQuery({
    queryKey: [...TRACES, traceId],
    queryFn: () => endpoints.traces.get(traceId),
    enabled: isAdmin,
  });
  const [openSpan, setOpenSpan] = useState<string | null>(null);
  if (!isAdmin || forbidden(trace.error)) return <NotAllowed />;

  const back = (
    <Link to="/admin/traces" className="mb-2 inline-flex items-center gap-1 text-sm font-medium text-brand-700">
      <ChevronLeft aria-hidden="true" className="size-4" />
      All traces
    </Link>
  );
  if (trace.isPending)
    return (
      <>
        {back}
        <Spinner label="Loading the trace…" />
      </>
    );
  if (trace.error)
    return (
      <>
        {back}
        <ErrorNotice error={trace.error} title="Could not load the trace" />
      </>
    );

  const waterfall = buildWaterfall(trace.data.spans);
  const root = waterfall.rows[0]?.span;
  const errors = trace.data.spans.filter((s) => s.status === "error").length;
  const ticks = axisTicks(waterfall.durationMs);
  // The edge names its span by route (`POST /api/agent/*`); the path says which call it was.
  const path = root?.attributes["url.path"];
  const total = waterfall.durationMs;
  return (
    <>
      {back}
      <PageTitle action={<RefreshButton busy={trace.isFetching} onClick={() => void trace.refetch()} />}>
        <span className="break-all">{root ? root.name : "Trace"}</span>
      </PageTitle>
      {typeof path === "string" && root && !root.name.endsWith(path) ? (
        <p className="-mt-3 mb-2 break-all font-mono text-sm text-stone-700">{path}</p>
      ) : null}
      <p className="mb-1 text-sm text-stone-700">
        Started {formatClock(waterfall.startMs)} · {formatDuration(total)} · {trace.data.spans.length} spans
        {errors > 0 ? (
          <>
            {" · "}
            <span className="font-semibold text-red-800">{errors === 1 ? "1 error" : `${errors} errors`}</span>
          </>
        ) : null}
      </p>
      <p className="mb-3 break-all font-mono text-xs text-stone-600">trace {trace.data.traceId}</p>
      <ul aria-label="Services in this trace" className="mb-3 flex flex-wrap gap-x-4 gap-y-1">
        {waterfall.services.map((s) => (
          <li key={s}>
            <ServiceName service={s} />
          </li>
        ))}
      </ul>
      <div
        role="region"
        aria-label="Waterfall (scrolls sideways on small screens)"
        tabIndex={0}
        className="overflow-x-auto rounded-xl border border-stone-200 bg-white"
      >
        <table className="w-full min-w-[40rem] table-fixed border-collapse">
          <caption className="sr-only">
            Spans of the trace, each under the span that caused it. Choose a span to see its attributes.
          </caption>
          <colgroup>
            <col className="w-[38%]" />
            <col />
            <col className="w-24" />
          </colgroup>
          <thead>
            <tr className="text-left text-xs text-stone-600">
              <th scope="col" className="px-1 py-2 font-medium">
                Span
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Timeline</span>
                <div className="relative h-4" aria-hidden="true">
                  {ticks.map((t) => (
                    <span
                      key={t}
                      className="absolute -translate-x-1/2 whitespace-nowrap tabular-nums first:translate-x-0 last:-translate-x-full"
                      style={{ left: `${total > 0 ? (t / total) * 100 : 0}%` }}
                    >
                      {formatTick(t)}
                    </span>
                  ))}
                </div>
              </th>
              <th scope="col" className="py-2 pl-2 text-right font-medium">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {waterfall.rows.map((row) => (
              <SpanRow
                key={row.span.spanId}
                row={row}
                totalMs={total}
                ticks={ticks}
                open={openSpan === row.span.spanId}
                onToggle={() => setOpenSpan((current) => (current === row.span.spanId ? null : row.span.spanId))}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
