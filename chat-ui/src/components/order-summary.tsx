import type { ReactNode } from "react";
import { formatCents } from "../format.ts";

interface SummaryLine {
  quantity: number;
  name: string;
  notes: string | null;
  lineTotalCents: number;
}

/** What is being (or was) ordered and what it costs: checkout and the order page show it alike. */
export function OrderSummary(props: {
  lines: SummaryLine[];
  subtotalCents: number;
  deliveryFeeCents: number;
  totalCents: number;
  /** Further rows under the total (address, payment). */
  children?: ReactNode;
}) {
  return (
    <>
      <ul className="mb-3 flex flex-col gap-1 text-sm">
        {props.lines.map((line, index) => (
          <li key={`${index}-${line.name}`} className="flex justify-between gap-2">
            <span>
              {line.quantity}× {line.name}
              {line.notes ? <span className="block text-xs text-stone-600">{line.notes}</span> : null}
            </span>
            <span className="tabular-nums">{formatCents(line.lineTotalCents)}</span>
          </li>
        ))}
      </ul>
      <dl className="grid grid-cols-2 gap-y-1 border-t border-stone-200 pt-2 text-sm">
        <dt>Subtotal</dt>
        <dd className="text-right tabular-nums">{formatCents(props.subtotalCents)}</dd>
        <dt>Delivery</dt>
        <dd className="text-right tabular-nums">{formatCents(props.deliveryFeeCents)}</dd>
        <dt className="font-semibold">Total</dt>
        <dd className="text-right font-semibold tabular-nums">{formatCents(props.totalCents)}</dd>
        {props.children}
      </dl>
    </>
  );
}
