import { CART_QUANTITY_MAX, type CartLine } from "@ustbites/contracts";
import { Minus, Plus, Trash2, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useCart, useClearCart, useRemoveCartLine, useUpdateCartLine } from "../api/queries.ts";
import { formatCents } from "../format.ts";
import { Button, ErrorNotice, Spinner } from "./ui.tsx";

function LineEditor({ line }: { line: CartLine }) {
  const update = useUpdateCartLine();
  const remove = useRemoveCartLine();
  const [notes, setNotes] = useState(line.notes ?? "");
  const busy = update.isPending || remove.isPending;
  const saveNotes = () => {
    const next = notes.trim();
    if (next !== (line.notes ?? "")) update.mutate({ lineId: line.lineId, body: { notes: next || null } });
  };
  return (
    <li className="flex flex-col gap-2 border-b border-stone-200 py-3" aria-label={line.name}>
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="font-medium">{line.name}</p>
          <p className="text-sm text-stone-700">{formatCents(line.unitPriceCents)} each</p>
          {!line.available ? (
            <p className="text-sm font-medium text-red-700">Sold out: remove it to check out</p>
          ) : null}
        </div>
        <p className="font-medium tabular-nums">{formatCents(line.lineTotalCents)}</p>
      </div>
      <div className="flex items-center gap-2">
        <div
          className="flex items-center rounded-lg ring-1 ring-stone-300"
          role="group"
          aria-label={`Quantity of ${line.name}`}
        >
          <button
            type="button"
            className="grid size-10 place-items-center disabled:text-stone-400"
            aria-label={`One less ${line.name}`}
            disabled={busy || line.quantity <= 1}
            onClick={() => update.mutate({ lineId: line.lineId, body: { quantity: line.quantity - 1 } })}
          >
            <Minus aria-hidden="true" className="size-4" />
          </button>
          <span className="w-8 text-center tabular-nums" aria-live="polite">
            {line.quantity}
          </span>
          <button
            type="button"
            className="grid size-10 place-items-center disabled:text-stone-400"
            aria-label={`One more ${line.name}`}
            disabled={busy || line.quantity >= CART_QUANTITY_MAX}
            onClick={() => update.mutate({ lineId: line.lineId, body: { quantity: line.quantity + 1 } })}
          >
            <Plus aria-hidden="true" className="size-4" />
          </button>
        </div>
        <button
          type="button"
          className="ml-auto grid size-10 place-items-center rounded-lg text-red-800 hover:bg-red-50"
          aria-label={`Remove ${line.name}`}
          disabled={busy}
          onClick={() => remove.mutate(line.lineId)}
        >
          <Trash2 aria-hidden="true" className="size-4" />
        </button>
      </div>
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-stone-700">Notes for the kitchen</span>
        <input
          value={notes}
          maxLength={200}
          placeholder="e.g. no onions"
          onChange={(e) => setNotes(e.target.value)}
          onBlur={saveNotes}
          onKeyDown={(e) => e.key === "Enter" && saveNotes()}
          className="min-h-10 rounded-lg border border-stone-300 px-3 text-base"
        />
      </label>
      {update.error || remove.error ? (
        <ErrorNotice error={update.error ?? remove.error} title="Could not change the cart" />
      ) : null}
    </li>
  );
}

/** The cart as a side sheet (a modal dialog: focus stays inside, Escape closes it). */
export function CartDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cart = useCart();
  const clear = useClearCart();
  const navigate = useNavigate();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const data = cart.data;
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onClick={(e) => e.target === ref.current && onClose()}
      aria-labelledby="cart-title"
      className="m-0 ml-auto h-dvh max-h-dvh w-full max-w-md bg-stone-50 p-0 text-stone-900"
    >
      <div className="flex h-full flex-col">
        <div className="flex items-center justify-between border-b border-stone-200 bg-white px-4 py-3">
          <h2 id="cart-title" className="text-lg font-semibold">
            Your cart
            {data?.restaurantName ? <span className="font-normal text-stone-700"> · {data.restaurantName}</span> : null}
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="grid size-10 place-items-center rounded-lg hover:bg-stone-100"
            aria-label="Close cart"
          >
            <X aria-hidden="true" className="size-5" />
          </button>
        </div>
        <div className="flex-1 overflow-y-auto px-4">
          {cart.isPending ? (
            <div className="py-6">
              <Spinner label="Loading your cart…" />
            </div>
          ) : null}
          {cart.error ? (
            <div className="py-4">
              <ErrorNotice error={cart.error} title="Could not load the cart" />
            </div>
          ) : null}
          {data && data.lines.length === 0 ? (
            <p className="py-8 text-center text-stone-700">Your cart is empty.</p>
          ) : null}
          {data && data.lines.length > 0 ? (
            <ul aria-label="Cart items">
              {data.lines.map((line) => (
                <LineEditor key={line.lineId} line={line} />
              ))}
            </ul>
          ) : null}
        </div>
        {data && data.lines.length > 0 ? (
          <div className="border-t border-stone-200 bg-white px-4 py-3">
            <dl className="grid grid-cols-2 gap-y-1 text-sm">
              <dt>Subtotal</dt>
              <dd className="text-right tabular-nums">{formatCents(data.subtotalCents)}</dd>
              <dt>Delivery</dt>
              <dd className="text-right tabular-nums">{formatCents(data.deliveryFeeCents)}</dd>
              <dt className="text-base font-semibold">Total</dt>
              <dd className="text-right text-base font-semibold tabular-nums" data-testid="cart-total">
                {formatCents(data.totalCents)}
              </dd>
            </dl>
            <div className="mt-3 flex gap-2">
              <Button variant="secondary" onClick={() => clear.mutate()} busy={clear.isPending}>
                Clear
              </Button>
              <Button
                className="flex-1"
                disabled={data.hasUnavailableItems}
                onClick={() => {
                  onClose();
                  void navigate("/checkout");
                }}
              >
                Checkout
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </dialog>
  );
}
