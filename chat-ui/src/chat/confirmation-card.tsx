import type { ConfirmationDecision, OrderConfirmation } from "@ustbites/contracts";
import { useId, useState, type FormEvent } from "react";
import { CardFields, useCardForm } from "../components/card-form.tsx";
import { Badge, Button, Card } from "../components/ui.tsx";
import { formatAddress, formatCents } from "../format.ts";
import { useChatController, useChatState } from "./context.tsx";

const ANSWERS: Record<ConfirmationDecision, { label: string; tone: "green" | "red" | "amber" }> = {
  approve: { label: "Approved", tone: "green" },
  reject: { label: "Declined", tone: "red" },
  change: { label: "Changes asked", tone: "amber" },
};

/**
 * The summary the agent's graph stopped on before placing (or cancelling) an order. Nothing happens
 * until the student answers here: Approve resumes the graph with the card entered below, Change with
 * what to change, Cancel with a refusal. Once answered it stays as a record of what was agreed.
 */
export function ConfirmationCard({
  confirmation,
  answer,
  waiting,
}: {
  confirmation: OrderConfirmation;
  answer: ConfirmationDecision | undefined;
  waiting: boolean;
}) {
  const controller = useChatController();
  const { running } = useChatState();
  const card = useCardForm();
  const [changing, setChanging] = useState(false);
  const [change, setChange] = useState("");
  const titleId = useId();
  const placing = confirmation.kind === "place_order";
  const open = waiting && answer === undefined;

  const approve = () => {
    if (!placing) return void controller.resume("approve");
    const payment = card.parse();
    if (payment) void controller.resume("approve", { payment });
  };
  const submitChange = (event: FormEvent) => {
    event.preventDefault();
    if (change.trim()) void controller.resume("change", { message: change.trim() });
  };

  return (
    <Card className="border-brand-600 p-4" role="group" aria-labelledby={titleId} data-testid="confirmation-card">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 id={titleId} className="font-semibold">
          {placing ? "Confirm your order" : "Cancel this order?"}
        </h3>
        {answer ? <Badge tone={ANSWERS[answer].tone}>{ANSWERS[answer].label}</Badge> : null}
      </div>
      <p className="text-sm text-stone-700">{confirmation.restaurantName}</p>
      <ul className="my-2 flex flex-col gap-0.5 text-sm">
        {confirmation.items.map((item, index) => (
          <li key={index} className="flex justify-between gap-2">
            <span>
              {item.quantity}× {item.name}
              {item.notes ? <span className="text-stone-600"> ({item.notes})</span> : null}
            </span>
            <span className="tabular-nums">{formatCents(item.lineTotalCents)}</span>
          </li>
        ))}
      </ul>
      <dl className="grid grid-cols-2 gap-y-0.5 border-t border-stone-200 pt-2 text-sm">
        <dt>Subtotal</dt>
        <dd className="text-right tabular-nums">{formatCents(confirmation.subtotalCents)}</dd>
        <dt>Delivery</dt>
        <dd className="text-right tabular-nums">{formatCents(confirmation.deliveryFeeCents)}</dd>
        <dt className="font-semibold">{placing ? "Total" : "Refund"}</dt>
        <dd className="text-right font-semibold tabular-nums">{formatCents(confirmation.totalCents)}</dd>
        <dt>Deliver to</dt>
        <dd className="text-right">{formatAddress(confirmation.deliveryAddress)}</dd>
      </dl>
      {open && placing ? (
        <div className="mt-3 border-t border-stone-200 pt-3">
          <CardFields form={card} idPrefix={`${titleId}-card`} />
        </div>
      ) : null}
      {open ? (
        <>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button onClick={approve} disabled={running}>
              {placing ? `Approve · ${formatCents(confirmation.totalCents)}` : "Yes, cancel it"}
            </Button>
            <Button
              variant="secondary"
              onClick={() => setChanging((c) => !c)}
              disabled={running}
              aria-expanded={changing}
            >
              Change
            </Button>
            <Button variant="danger" onClick={() => void controller.resume("reject")} disabled={running}>
              {placing ? "Cancel" : "Keep the order"}
            </Button>
          </div>
          {changing ? (
            <form onSubmit={submitChange} className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
              <label className="flex flex-1 flex-col gap-1 text-sm">
                <span className="font-medium">What should change?</span>
                <input
                  value={change}
                  onChange={(e) => setChange(e.target.value)}
                  maxLength={2000}
                  placeholder="e.g. deliver to Hall 7 instead"
                  className="min-h-11 rounded-lg border border-stone-300 px-3 text-base"
                />
              </label>
              <Button type="submit" variant="secondary" disabled={running || !change.trim()}>
                Send change
              </Button>
            </form>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
