import type { ToolCallMessagePartComponent, ToolCallMessagePartProps } from "@assistant-ui/react";
import { readToolResult, shortOrderId, type Dish, type ToolName, type ToolSuccess } from "@ustbites/contracts";
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
 * Tool results arrive as their contract (services/contracts/src/tool-results.ts), with real ids: each
 * card reads its tool's typed result with `readToolResult`, and a failure is always a ToolError. Anything
 * live (an order's status) comes from the typed API instead.
 */
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

/** An expected failure the tool reported (a ToolError), said plainly. */
function ToolError({ toolName, result }: { toolName: string; result: unknown }) {
  const read = readToolResult(toolName as ToolName, result);
  const message = read && !read.ok ? read.error.message : "That did not work.";
  return (
    <p className="my-1 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {message.charAt(0).toUpperCase() + message.slice(1)}
    </p>
  );
}

/** The card for a call: working, failed, or the tool's typed result (nothing for a result outside the contract). */
function resultOrStatus<N extends ToolName>(
  props: ToolCallMessagePartProps,
  name: N,
  render: (result: ToolSuccess<N>) => React.ReactNode,
) {
  if (props.result === undefined)
    return props.status.type === "running" || props.status.type === "requires-action" ? (
      <Working toolName={props.toolName} />
    ) : null;
  if (props.isError) return <ToolError toolName={props.toolName} result={props.result} />;
  const read = readToolResult(name, props.result);
  return read?.ok ? render(read.value) : null;
}

function RestaurantResults(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, "search_restaurants", ({ restaurants }) => {
    if (restaurants.length === 0) return <p className="my-1 text-sm text-stone-700">No restaurants matched.</p>;
    return (
      <ul aria-label="Restaurants found" className="my-2 grid gap-2 sm:grid-cols-2">
        {restaurants.map((r) => (
          <li key={r.restaurantId}>
            <Card>
              <Link
                to={`/restaurants/${r.restaurantId}`}
                className="flex flex-col gap-1 rounded-xl p-3 hover:bg-stone-50"
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="flex items-center gap-1.5 font-semibold">
                    <Store aria-hidden="true" className="size-4 text-brand-700" />
                    {r.name}
                  </span>
                  <Badge tone={r.open ? "green" : "stone"}>{r.open ? "Open" : "Closed"}</Badge>
                </span>
                <span className="flex flex-wrap items-center gap-x-3 text-sm text-stone-700">
                  <span className="capitalize">{r.cuisines.join(", ")}</span>
                  <span className="inline-flex items-center gap-1">
                    <Star aria-hidden="true" className="size-3.5 fill-amber-400 text-amber-500" />
                    {r.rating}
                  </span>
                  <span>{r.prepMin} min</span>
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
function ItemCard({ item }: { item: Dish }) {
  const add = useAddToCart();
  const [added, setAdded] = useState(false);
  const { itemId, name } = item;
  const soldOut = item.soldOut === true;
  return (
    <Card className="flex flex-col gap-1 p-3">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{name}</p>
          {item.restaurant ? <p className="text-sm text-stone-700">{item.restaurant}</p> : null}
          <div className="mt-1 flex flex-wrap gap-1">
            {item.tags?.map((tag) => (
              <Badge key={tag} tone="brand">
                {tag}
              </Badge>
            ))}
            {soldOut ? <Badge>Sold out</Badge> : null}
          </div>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <span className="font-medium tabular-nums">{item.price}</span>
          <Button
            size="sm"
            variant={added ? "secondary" : "primary"}
            disabled={soldOut}
            busy={add.isPending}
            onClick={() => add.mutate({ itemId, quantity: 1 }, { onSuccess: () => setAdded(true) })}
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
  return resultOrStatus(props, "find_items", ({ items }) => {
    if (items.length === 0) return <p className="my-1 text-sm text-stone-700">No dishes matched.</p>;
    return (
      <ul aria-label="Dishes found" className="my-2 grid gap-2 sm:grid-cols-2">
        {items.map((item) => (
          <li key={item.itemId}>
            <ItemCard item={item} />
          </li>
        ))}
      </ul>
    );
  });
}

function MenuResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, "get_menu", ({ restaurant, sections }) => {
    return (
      <div className="my-2">
        <p className="mb-1 text-sm font-semibold">
          <Link to={`/restaurants/${restaurant.restaurantId}`} className="text-brand-700 underline">
            {restaurant.name}
          </Link>
          {!restaurant.open ? <span className="ml-2 font-normal text-stone-700">(closed now)</span> : null}
        </p>
        {Object.entries(sections).map(([name, items]) => (
          <section key={name} className="mb-2">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-stone-700 uppercase">{name}</h3>
            <ul className="grid gap-2 sm:grid-cols-2">
              {items.map((item) => (
                <li key={item.itemId}>
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
  return resultOrStatus(props, "view_cart", (cart) => {
    const { lines } = cart;
    return (
      <Card className="my-2 p-3" aria-label="Cart summary">
        <p className="mb-1 flex items-center gap-1.5 font-semibold">
          <ShoppingBag aria-hidden="true" className="size-4 text-brand-700" />
          {lines.length === 0 ? "Your cart is empty" : `Your cart${cart.restaurant ? ` · ${cart.restaurant}` : ""}`}
        </p>
        {lines.length > 0 ? (
          <>
            <ul className="flex flex-col gap-0.5 text-sm">
              {lines.map((line) => (
                <li key={line.lineId} className="flex justify-between gap-2">
                  <span>
                    {line.qty}× {line.name}
                    {line.notes ? <span className="text-stone-600"> ({line.notes})</span> : null}
                    {line.soldOut ? <span className="text-red-800"> (sold out)</span> : null}
                  </span>
                  <span className="tabular-nums">{line.total}</span>
                </li>
              ))}
            </ul>
            <p className="mt-1 flex justify-between border-t border-stone-200 pt-1 text-sm font-semibold">
              <span>Total incl. delivery</span>
              <span className="tabular-nums">{cart.total}</span>
            </p>
            {cart.blocked ? <p className="text-sm text-red-800">Remove the sold-out dishes before ordering.</p> : null}
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
      <Link
        to={`/orders/${orderId}`}
        className="mt-2 inline-flex min-h-9 items-center text-sm font-medium text-brand-700 underline"
      >
        Open order {shortOrderId(orderId)}
      </Link>
    </Card>
  );
}

/** place_order and cancel_order: the confirmation card while the graph waits, then the outcome. */
function GuardedCall(props: ToolCallMessagePartProps) {
  const artifact = (props.artifact ?? {}) as GuardedArtifact;
  const confirmation = artifact.confirmation;
  const read =
    props.result === undefined || props.isError
      ? null
      : readToolResult(props.toolName === "cancel_order" ? "cancel_order" : "place_order", props.result);
  const outcome = read?.ok ? read.value : null;
  const declined = outcome && "declined" in outcome ? outcome : null;
  const acted = outcome && "orderId" in outcome ? outcome : null;
  return (
    <div className="my-2">
      {confirmation ? (
        <ConfirmationCard
          confirmation={confirmation}
          answer={artifact.answer}
          waiting={props.interrupt !== undefined}
        />
      ) : null}
      {props.result === undefined && !confirmation ? <Working toolName={props.toolName} /> : null}
      {props.result !== undefined && props.isError ? (
        <ToolError toolName={props.toolName} result={props.result} />
      ) : null}
      {acted && props.toolName === "place_order" ? (
        <>
          <p className="mt-2 text-sm font-medium text-green-800">
            Order placed{"total" in acted ? ` · ${acted.total}` : ""}
          </p>
          <TrackingCard orderId={acted.orderId} />
        </>
      ) : null}
      {acted && props.toolName === "cancel_order" ? (
        <p className="mt-1 text-sm font-medium text-stone-800">
          Order cancelled{"refund" in acted && acted.refund ? ` · refund ${acted.refund}` : ""}.
        </p>
      ) : null}
      {declined && !confirmation ? <p className="mt-1 text-sm text-stone-700">{declined.note}</p> : null}
    </div>
  );
}

function OrdersResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, "list_my_orders", ({ orders }) => {
    if (orders.length === 0) return <p className="my-1 text-sm text-stone-700">No orders yet.</p>;
    return (
      <ul aria-label="Your orders" className="my-2 flex flex-col gap-1">
        {orders.map((o) => (
          <li key={o.orderId}>
            <Link
              to={`/orders/${o.orderId}`}
              className="flex flex-wrap items-center gap-x-2 rounded-lg bg-white px-3 py-2 text-sm ring-1 ring-stone-200 hover:bg-stone-50"
            >
              <span className="font-medium">{o.restaurant}</span>
              <Badge>{o.status}</Badge>
              <span className="text-stone-700">{o.items}</span>
              <span className="ml-auto tabular-nums">{o.total}</span>
            </Link>
          </li>
        ))}
      </ul>
    );
  });
}

function OrderStatusResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, "get_order_status", ({ orderId }) => <TrackingCard orderId={orderId} />);
}

function DeliveryResult(props: ToolCallMessagePartProps) {
  return resultOrStatus(props, "track_delivery", ({ orderId }) => <TrackingCard orderId={orderId} />);
}

function Done({ text }: { text: string }) {
  return <p className="my-1 text-sm text-stone-700">{text}</p>;
}

/** Any tool without its own card: a one-line note, never raw JSON. */
export const ToolFallback: ToolCallMessagePartComponent = (props) => {
  if (props.result === undefined) return props.status.type === "running" ? <Working toolName={props.toolName} /> : null;
  if (props.isError) return <ToolError toolName={props.toolName} result={props.result} />;
  return <Done text={`${LABELS[props.toolName] ?? props.toolName.replace(/_/g, " ")}: done.`} />;
};

export const TOOL_UIS: Record<string, ToolCallMessagePartComponent> = {
  search_restaurants: RestaurantResults,
  find_items: ItemResults,
  get_menu: MenuResult,
  view_cart: CartResult,
  add_to_cart: CartResult,
  update_cart_item: CartResult,
  remove_from_cart: CartResult,
  clear_cart: (props) => resultOrStatus(props, "clear_cart", () => <Done text="Your cart is empty now." />),
  place_order: GuardedCall,
  cancel_order: GuardedCall,
  list_my_orders: OrdersResult,
  get_order_status: OrderStatusResult,
  track_delivery: DeliveryResult,
};
