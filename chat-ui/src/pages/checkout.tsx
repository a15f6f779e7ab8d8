import { DeliveryAddressInput, type Order } from "@ustbites/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { keys, useCart } from "../api/queries.ts";
import { useApp } from "../app-context.tsx";
import { CardFields, useCardForm } from "../components/card-form.tsx";
import { OrderSummary } from "../components/order-summary.tsx";
import { Button, Card, ErrorNotice, Field, PageTitle, Spinner } from "../components/ui.tsx";
import { formatCents } from "../format.ts";

/** Buildings students order to most; the field takes any building. */
const CAMPUS_BUILDINGS = [
  "Hall 1",
  "Hall 2",
  "Hall 3",
  "Hall 4",
  "Hall 5",
  "Hall 6",
  "Hall 7",
  "Hall 8",
  "Hall 9",
  "Academic Building",
  "LSK Business School",
  "Library",
  "Lee Shau Kee Campus Centre",
  "Enterprise Center",
];

export function CheckoutPage() {
  const { endpoints } = useApp();
  const cart = useCart();
  const card = useCardForm();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [address, setAddress] = useState({ building: "", room: "", instructions: "" });
  const [addressErrors, setAddressErrors] = useState<Record<string, string>>({});
  // One key per checkout attempt, kept across retries: after a timeout, a network failure or a 5xx the
  // order may already exist, and the same key makes the retry return it instead of placing a second.
  // Only an answer that ended the attempt (a declined card) starts a new one.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [declined, setDeclined] = useState<Order | null>(null);

  const place = useMutation({
    mutationFn: (body: Parameters<typeof endpoints.orders.place>[0]) => endpoints.orders.place(body, idempotencyKey),
    onSuccess: (order) => {
      void queryClient.invalidateQueries({ queryKey: keys.cart });
      void queryClient.invalidateQueries({ queryKey: keys.orders });
      if (order.status === "PAYMENT_FAILED") {
        setDeclined(order);
        setIdempotencyKey(crypto.randomUUID());
        return;
      }
      void navigate(`/orders/${order.id}`);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDeclined(null);
    const parsedAddress = DeliveryAddressInput.safeParse(
      Object.fromEntries(Object.entries(address).filter(([, value]) => value.trim() !== "")),
    );
    const payment = card.parse();
    if (!parsedAddress.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsedAddress.error.issues)
        errors[String(issue.path[0])] ??=
          issue.path[0] === "building" ? "Say which building to deliver to" : issue.message;
      setAddressErrors(errors);
    } else {
      setAddressErrors({});
    }
    if (!parsedAddress.success || !payment) return;
    place.mutate({ deliveryAddress: parsedAddress.data, payment });
  };

  if (cart.isPending) return <Spinner label="Loading your cart…" />;
  if (cart.error) return <ErrorNotice error={cart.error} title="Could not load your cart" />;
  if (cart.data.lines.length === 0) {
    return (
      <>
        <PageTitle>Checkout</PageTitle>
        <p className="text-stone-700">
          Your cart is empty.{" "}
          <Link to="/restaurants" className="font-medium text-brand-700 underline">
            Find something to eat
          </Link>{" "}
          or ask in the{" "}
          <Link to="/" className="font-medium text-brand-700 underline">
            chat
          </Link>
          .
        </p>
      </>
    );
  }
  const data = cart.data;

  return (
    <>
      <PageTitle>Checkout</PageTitle>
      <form noValidate onSubmit={submit} className="grid gap-4 md:grid-cols-[1fr_20rem]">
        <div className="flex flex-col gap-4">
          <Card className="p-4">
            <fieldset className="flex flex-col gap-3">
              <legend className="mb-2 text-sm font-semibold">Deliver to (on campus)</legend>
              <Field
                label="Building"
                list="campus-buildings"
                autoComplete="off"
                value={address.building}
                onChange={(e) => setAddress({ ...address, building: e.target.value })}
                error={addressErrors.building}
                required
              />
              <datalist id="campus-buildings">
                {CAMPUS_BUILDINGS.map((b) => (
                  <option key={b} value={b} />
                ))}
              </datalist>
              <Field
                label="Room or floor (optional)"
                value={address.room}
                onChange={(e) => setAddress({ ...address, room: e.target.value })}
                error={addressErrors.room}
              />
              <Field
                label="Instructions for the courier (optional)"
                value={address.instructions}
                onChange={(e) => setAddress({ ...address, instructions: e.target.value })}
                error={addressErrors.instructions}
              />
            </fieldset>
          </Card>
          <Card className="p-4">
            <CardFields form={card} idPrefix="checkout-card" />
          </Card>
        </div>
        <Card className="h-fit p-4">
          <h2 className="mb-2 font-semibold">{data.restaurantName}</h2>
          <OrderSummary
            lines={data.lines}
            subtotalCents={data.subtotalCents}
            deliveryFeeCents={data.deliveryFeeCents}
            totalCents={data.totalCents}
          />
          <div className="mt-3" aria-live="polite">
            {place.error ? <ErrorNotice error={place.error} title="The order was not placed" /> : null}
            {declined ? (
              <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
                Payment declined ({declined.failureReason?.replace(/_/g, " ") ?? "card declined"}). Nothing was charged;
                try another card.
              </div>
            ) : null}
          </div>
          <Button type="submit" className="mt-3 w-full" busy={place.isPending} disabled={data.hasUnavailableItems}>
            Place order · {formatCents(data.totalCents)}
          </Button>
        </Card>
      </form>
    </>
  );
}
