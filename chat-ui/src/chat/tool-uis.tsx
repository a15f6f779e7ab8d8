import type { ToolCallMessagePartComponent, ToolCallMessagePartProps } from "@assistant-ui/react";
import { shortOrderId } from "@ustbites/contracts";
import { Check, Plus, ShoppingBag, Star, Store } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { useAddToCart } from "../api/queries.ts";
import { Badge, Button, Card, ErrorNotice, Spinner } from "../components/ui.tsx";
import { StatusTimeline } from "../orders/timeline.tsx";
import { useOrderTimeline } from "../orders/use-order-timeline.ts";
import { ConfirmationCard } from "./confirmation-card.tsx";
import type { GuardedArtifact } from "./runtime.ts";

/*
 * Tool results are the compact JSON the tools write for the model (tools/src): ids, names and
 * preformatted prices. The cards read only what they show, defensively; anything live (an order's
 * status) comes from the typed API instead.
 */
type Json = Record<string, unknown>;
const obj = (value: unknown): Json | null => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj).filter((v): v is Json => v !== null) : []);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined);

const LABELS: Record<string, string> = {
  search_restaurants: "Looking for restaurants",
  get_menu: "Reading the menu",
  find_items: "Looking for dishes",
  view_cart: "Checking your cart",
  add_to_cart: "Adding to your cart",
  update_cart_item: "Updating your cart",
  remove_from_cart: "Removing from your cart",
  clear_cart: "Clearing your cart",
  place_order: "Preparing your order",
  list_my_orders: "Looking up your orders",
  get_order_status: "Checking your order",
  track_delivery: "Tracking the delivery",
  cancel_order: "Preparing the cancellation",
};

function Working({ toolName }: { toolName: string }) {
  return (
    <p className="my-1 text-sm text-stone-700">
      <Spinner label={`${LABELS[toolName] ?? "Working"}…`} />
    </p>
  );
}

/** An expected failure the tool reported (`{error}`), said plainly. */
function ToolError({ result }: { result: unknown }) {
  const message = str(obj(result)?.error) ?? str(result) ?? "That did not work.";
  return <p className="my-1 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">{message.charAt(0).toUpperCase() + message.slice(1)}</p>;
}

function resultOrStatus(props: ToolCallMessagePartProps, render: (result: unknown) => React.ReactNode) {
  if (props.result === undefined) return props.status.type === "running" || props.status.type === "requires-action" ? <Working toolName={props.toolName} /> : null;
  if (props.isError) return <ToolError result={props.result} />;
  return render(props.result);
}

function RestaurantResults(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, (result) => {
    const restaurants = list(obj(result)?.restaurants);
    if (restaurants.length === 0) return <p className="my-1 text-sm text-stone-700">No restaurants matched.</p>;
    return (
      <ul aria-label="Restaurants found" className="my-2 grid gap-2 sm:grid-cols-2">
        {restaurants.map((r) => (
          <li key={str(r.id)}>
            <Card>
              <Link to={`/restaurants/${str(r.id)}`} className="flex flex-col gap-1 rounded-xl p-3 hover:bg-stone-50">
                <span className="flex items-center justify-between gap-2">
                  <span className="flex items-center gap-1.5 font-semibold">
                    <Store aria-hidden="true" className="size-4 text-brand-700" />
                    {str(r.name)}
                  </span>
                  <Badge tone={r.open ? "green" : "stone"}>{r.open ? "Open" : "Closed"}</Badge>
                </span>
                <span className="flex flex-wrap items-center gap-x-3 text-sm text-stone-700">
                  <span className="capitalize">{str(r.cuisines)}</span>
                  {r.rating !== undefined ? (
                    <span className="inline-flex items-center gap-1">
                      <Star aria-hidden="true" className="size-3.5 fill-amber-400 text-amber-500" />
                      {str(r.rating)}
                    </span>
                  ) : null}
                  {r.prepMin !== undefined ? <span>{str(r.prepMin)} min</span> : null}
                </span>
              </Link>
            </Card>
          </li>
        ))}
      </ul>
    );
  });
}

/** A dish from a tool result, with an Add button that adds it straight to the cart. */
function ItemCard({ item }: { item: Json }) {
  const add = useAddToCart();
  const [added, setAdded] = useState(false);
  const id = str(item.id);
  const name = str(item.name) ?? "this dish";
  const soldOut = item.soldOut === true;
  return (
    <Card className="flex flex-col gap-1 p-3">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{name}</p>
          {item.restaurant ? <p className="text-sm text-stone-700">{str(item.restaurant)}</p> : null}
          <div className="mt-1 flex flex-wrap gap-1">
            {str(item.tags)
              ?.split(", ")
              .map((tag) => (
                <Badge key={tag} tone="brand">
                  {tag}
                </Badge>
              ))}
            {soldOut ? <Badge>Sold out</Badge> : null}
          </div>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <span className="font-medium tabular-nums">{str(item.price)}</span>
          <Button
            size="sm"
            variant={added ? "secondary" : "primary"}
            disabled={!id || soldOut}
            busy={add.isPending}
            onClick={() => id && add.mutate({ itemId: id, quantity: 1 }, { onSuccess: () => setAdded(true) })}
          >
            {added ? <Check aria-hidden="true" className="size-4" /> : <Plus aria-hidden="true" className="size-4" />}
            {added ? "Added" : "Add"}
            <span className="sr-only"> {name} to cart</span>
          </Button>
        </div>
      </div>
      {add.error ? <ErrorNotice error={add.error} title="Could not add it" /> : null}
    </Card>
  );
}

function ItemResults(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, (result) => {
    const data = obj(result);
    const items = list(data?.items);
    if (items.length === 0) return <p className="my-1 text-sm text-stone-700">No dishes matched.</p>;
    return (
      <ul aria-label="Dishes found" className="my-2 grid gap-2 sm:grid-cols-2">
        {items.map((item) => (
          <li key={str(item.id)}>
            <ItemCard item={item} />
          </li>
        ))}
      </ul>
    );
  });
}

function MenuResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, (result) => {
    const data = obj(result);
    const restaurant = obj(data?.restaurant);
    const sections = Object.entries(obj(data?.sections) ?? {});
    return (
      <div className="my-2">
        <p className="mb-1 text-sm font-semibold">
          {restaurant ? <Link to={`/restaurants/${str(restaurant.id)}`} className="text-brand-700 underline">{str(restaurant.name)}</Link> : "Menu"}
          {restaurant && !restaurant.open ? <span className="ml-2 font-normal text-stone-700">(closed now)</span> : null}
        </p>
        {sections.map(([name, items]) => (
          <section key={name} className="mb-2">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-stone-700 uppercase">{name}</h3>
            <ul className="grid gap-2 sm:grid-cols-2">
              {list(items).map((item) => (
                <li key={str(item.id)}>
                  <ItemCard item={item} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    );
  });
}

function CartResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, (result) => {
    const cart = obj(result);
    const lines = list(cart?.lines);
    return (
      <Card className="my-2 p-3" aria-label="Cart summary">
        <p className="mb-1 flex items-center gap-1.5 font-semibold">
          <ShoppingBag aria-hidden="true" className="size-4 text-brand-700" />
          {lines.length === 0 ? "Your cart is empty" : `Your cart${cart?.restaurant ? ` · ${str(cart.restaurant)}` : ""}`}
        </p>
        {lines.length > 0 ? (
          <>
            <ul className="flex flex-col gap-0.5 text-sm">
              {lines.map((line) => (
                <li key={str(line.lineId)} className="flex justify-between gap-2">
                  <span>
                    {str(line.qty)}× {str(line.name)}
                    {line.notes ? <span className="text-stone-600"> ({str(line.notes)})</span> : null}
                  </span>
                  <span className="tabular-nums">{str(line.total)}</span>
                </li>
              ))}
            </ul>
            <p className="mt-1 flex justify-between border-t border-stone-200 pt-1 text-sm font-semibold">
              <span>Total incl. delivery</span>
              <span className="tabular-nums">{str(cart?.total)}</span>
            </p>
            {cart?.blocked ? <p className="text-sm text-red-800">{str(cart.blocked)}</p> : null}
          </>
        ) : null}
      </Card>
    );
  });
}

/** An order followed live over the order-status stream, until it is delivered (or ends otherwise). */
export function TrackingCard({ orderId }: { orderId: string }) {
  const timeline = useOrderTimeline(orderId);
  return (
    <Card className="my-2 p-3" aria-label="Order tracking" data-testid="tracking-card">
      <StatusTimeline timeline={timeline} compact />
      <Link to={`/orders/${orderId}`} className="mt-2 inline-flex min-h-9 items-center text-sm font-medium text-brand-700 underline">
        Open order {shortOrderId(orderId)}
      </Link>
    </Card>
  );
}

/** place_order and cancel_order: the confirmation card while the graph waits, then the outcome. */
function GuardedCall(props: ToolCallMessagePartProps) {
  const artifact = (props.artifact ?? {}) as GuardedArtifact;
  const confirmation = artifact.confirmation;
  const result = obj(props.result);
  const orderId = str(result?.orderId);
  return (
    <div className="my-2">
      {confirmation ? <ConfirmationCard confirmation={confirmation} answer={artifact.answer} waiting={props.interrupt !== undefined} /> : null}
      {props.result === undefined && !confirmation ? <Working toolName={props.toolName} /> : null}
      {props.result !== undefined && props.isError ? <ToolError result={props.result} /> : null}
      {props.result !== undefined && !props.isError && props.toolName === "place_order" && orderId ? (
        <>
          <p className="mt-2 text-sm font-medium text-green-800">Order placed · {str(result?.total)}</p>
          <TrackingCard orderId={orderId} />
        </>
      ) : null}
      {props.result !== undefined && !props.isError && !orderId && typeof props.result === "string" ? (
        <p className="mt-1 text-sm text-stone-700">{props.result}</p>
      ) : null}
      {props.result !== undefined && !props.isError && props.toolName === "cancel_order" && result ? (
        <p className="mt-1 text-sm font-medium text-stone-800">Order cancelled{result.refund ? ` · refund ${str(result.refund)}` : ""}.</p>
      ) : null}
    </div>
  );
}

function OrdersResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, (result) => {
    const orders = list(obj(result)?.orders);
    if (orders.length === 0) return <p className="my-1 text-sm text-stone-700">No orders yet.</p>;
    return (
      <ul aria-label="Your orders" className="my-2 flex flex-col gap-1">
        {orders.map((o) => (
          <li key={str(o.id)}>
            <Link to={`/orders/${str(o.id)}`} className="flex flex-wrap items-center gap-x-2 rounded-lg bg-white px-3 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50">
              <span className="font-medium">{str(o.restaurant)}</span>
              <Badge>{str(o.status)}</Badge>
              <span className="text-stone-700">{str(o.items)}</span>
              <span className="ml-auto tabular-nums">{str(o.total)}</span>
            </Link>
          </li>
        ))}
      </ul>
    );
  });
}

function OrderStatusResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, (result) => {
    const orderId = str(obj(result)?.id) ?? str(obj(result)?.orderId) ?? str(props.args.orderId);
    return orderId ? <TrackingCard orderId={orderId} /> : null;
  });
}

function Done({ text }: { text: string }) {
  return <p className="my-1 text-sm text-stone-700">{text}</p>;
}

/** Any tool without its own card: a one-line note, never raw JSON. */
export const ToolFallback: ToolCallMessagePartComponent = (props) =>
  resultOrStatus(props, () => <Done text={`${LABELS[props.toolName] ?? props.toolName.replace(/_/g, " ")}: done.`} />);

export const TOOL_UIS: Record<string, ToolCallMessagePartComponent> = {
  search_restaurants: RestaurantResults,
  find_items: ItemResults,
  get_menu: MenuResult,
  view_cart: CartResult,
  add_to_cart: CartResult,
  update_cart_item: CartResult,
  remove_from_cart: CartResult,
  clear_cart: (props) => resultOrStatus(props, () => <Done text="Your cart is empty now." />),
  place_order: GuardedCall,
  cancel_order: GuardedCall,
  list_my_orders: OrdersResult,
  get_order_status: OrderStatusResult,
  track_delivery: OrderStatusResult,
};

