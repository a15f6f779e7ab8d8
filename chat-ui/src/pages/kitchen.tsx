import type { KitchenOrder, OpeningHours } from "@ustbites/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useApp, useSession } from "../app-context.tsx";
import { Badge, Button, Card, ErrorNotice, PageTitle, Spinner } from "../components/ui.tsx";
import { formatTime, STATUS_LABELS } from "../format.ts";
import { beep } from "../orders/beep.ts";
import { followRestaurant } from "../orders/kitchen-stream.ts";
import type { StreamConnection } from "../orders/order-stream.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const KITCHEN_ORDERS = ["kitchen", "orders"] as const;

/** One incoming or active order with its one-tap actions. */
function OrderCard({ order }: { order: KitchenOrder }) {
  const { endpoints } = useApp();
  const queryClient = useQueryClient();
  const [prepMinutes, setPrepMinutes] = useState(15);
  const [reason, setReason] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: KITCHEN_ORDERS }),
  });
  return (
    <li data-order={order.shortId} data-status={order.status}>
      <Card className="p-4">
        <div className="mb-2 flex items-center justify-between gap-2">
          <span className="text-lg font-semibold">#{order.shortId}</span>
          <Badge tone={order.status === "CONFIRMED" ? "amber" : "brand"}>{STATUS_LABELS[order.status]}</Badge>
        </div>
        <ul className="mb-2 text-base">
          {order.items.map((item, i) => (
            <li key={i}>
              <span className="font-medium">{item.quantity}×</span> {item.name}
              {item.notes ? <span className="block text-sm text-amber-800">“{item.notes}”</span> : null}
            </li>
          ))}
        </ul>
        <p className="mb-3 text-sm text-stone-700">
          To {order.deliveryBuilding}
          {order.readyBy ? ` · ready by ${formatTime(order.readyBy)}` : ""}
        </p>
        {order.status === "CONFIRMED" && !rejecting ? (
          <div className="flex flex-wrap items-center gap-2">
            <label className="flex items-center gap-1 text-sm">
              Ready in
              <input
                type="number"
                min={1}
                max={120}
                value={prepMinutes}
                onChange={(e) => setPrepMinutes(Number(e.target.value))}
                aria-label="Minutes until ready"
                className="w-16 rounded-md border border-stone-300 px-2 py-1"
              />
              min
            </label>
            <Button
              busy={act.isPending}
              onClick={() => act.mutate(() => endpoints.kitchen.accept(order.id, prepMinutes))}
            >
              Accept
            </Button>
            <Button variant="danger" onClick={() => setRejecting(true)}>
              Reject
            </Button>
          </div>
        ) : null}
        {order.status === "CONFIRMED" && rejecting ? (
          <form
            className="flex flex-wrap items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              act.mutate(() => endpoints.kitchen.reject(order.id, reason));
            }}
          >
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Why (the student sees this)"
              aria-label="Reason for rejecting"
              required
              maxLength={200}
              className="min-w-0 flex-1 rounded-md border border-stone-300 px-2 py-2"
            />
            <Button type="submit" variant="danger" busy={act.isPending}>
              Reject order
            </Button>
            <Button variant="ghost" onClick={() => setRejecting(false)}>
              Back
            </Button>
          </form>
        ) : null}
        {order.status === "PREPARING" ? (
          <Button busy={act.isPending} onClick={() => act.mutate(() => endpoints.kitchen.ready(order.id))}>
            Ready for pickup
          </Button>
        ) : null}
        {order.status === "READY_FOR_PICKUP" ? (
          <p className="text-sm text-stone-700">Waiting for the courier.</p>
        ) : null}
        {act.error ? (
          <div className="mt-2">
            <ErrorNotice error={act.error} title="That did not work" />
          </div>
        ) : null}
      </Card>
    </li>
  );
}

/** Sold-out toggles for the restaurant's menu. */
function Availability({ restaurantId }: { restaurantId: string }) {
  const { endpoints } = useApp();
  const menu = useQuery({
    queryKey: ["kitchen", "menu", restaurantId],
    queryFn: () => endpoints.restaurants.menu(restaurantId),
  });
  const toggle = useMutation({
    mutationFn: ({ id, available }: { id: string; available: boolean }) =>
      endpoints.restaurants.setAvailability(id, available),
    onSettled: () => void menu.refetch(),
  });
  if (!menu.data) return menu.error ? <ErrorNotice error={menu.error} /> : <Spinner />;
  return (
    <ul aria-label="Menu availability" className="flex flex-col gap-1">
      {menu.data.sections.flatMap((section) =>
        section.items.map((item) => (
          <li key={item.id} className="flex items-center justify-between gap-2 text-sm">
            <span className={item.available ? "" : "text-stone-500 line-through"}>{item.name}</span>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => toggle.mutate({ id: item.id, available: !item.available })}
            >
              {item.available ? "Mark sold out" : "Back on sale"}
            </Button>
          </li>
        )),
      )}
    </ul>
  );
}

/** The weekly hours as rows of day, opens, closes. */
function Hours({ restaurantId }: { restaurantId: string }) {
  const { endpoints } = useApp();
  const menu = useQuery({
    queryKey: ["kitchen", "menu", restaurantId],
    queryFn: () => endpoints.restaurants.menu(restaurantId),
  });
  const [hours, setHours] = useState<OpeningHours | null>(null);
  const save = useMutation({ mutationFn: (next: OpeningHours) => endpoints.restaurants.setHours(restaurantId, next) });
  const rows = hours ?? menu.data?.restaurant.hours ?? [];
  const change = (i: number, patch: Partial<OpeningHours[number]>) =>
    setHours(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <div>
      <ul aria-label="Opening hours" className="mb-2 flex flex-col gap-1">
        {rows.map((row, i) => (
          <li key={i} className="flex items-center gap-2 text-sm">
            <select
              aria-label="Day"
              value={row.day}
              onChange={(e) => change(i, { day: Number(e.target.value) })}
              className="rounded-md border border-stone-300 px-1 py-1"
            >
              {DAYS.map((d, day) => (
                <option key={d} value={day}>
                  {d}
                </option>
              ))}
            </select>
            <input
              aria-label="Opens"
              type="time"
              value={row.opens}
              onChange={(e) => change(i, { opens: e.target.value })}
              className="rounded-md border border-stone-300 px-1"
            />
            –
            <input
              aria-label="Closes"
              type="time"
              value={row.closes}
              onChange={(e) => change(i, { closes: e.target.value })}
              className="rounded-md border border-stone-300 px-1"
            />
            <Button size="sm" variant="ghost" onClick={() => setHours(rows.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setHours([...rows, { day: 1, opens: "11:00", closes: "21:00" }])}
        >
          Add hours
        </Button>
        <Button size="sm" busy={save.isPending} disabled={!hours} onClick={() => hours && save.mutate(hours)}>
          Save hours
        </Button>
      </div>
      {save.isSuccess ? <p className="mt-1 text-sm text-green-800">Saved.</p> : null}
      {save.error ? <ErrorNotice error={save.error} title="Could not save the hours" /> : null}
    </div>
  );
}

/**
 * The kitchen screen (tablet): the restaurant's incoming and active orders, live over the order stream
 * with a chime for each new paid order; accept with a prep time, reject with a reason, mark ready;
 * sold-out toggles and opening hours. Staff only, their own restaurant only (the services check too).
 */
export function KitchenPage() {
  const session = useSession();
  const { api, endpoints } = useApp();
  const queryClient = useQueryClient();
  const restaurantId = session?.user.role === "staff" ? session.user.restaurantId : null;
  const orders = useQuery({
    queryKey: KITCHEN_ORDERS,
    queryFn: () => endpoints.kitchen.list(),
    enabled: restaurantId !== null,
  });
  const [connection, setConnection] = useState<StreamConnection>("connecting");
  const known = useRef(new Set<string>());

  useEffect(() => {
    if (!restaurantId) return;
    return followRestaurant({
      api,
      restaurantId,
      onConnection: setConnection,
      onSubscribed: () => void queryClient.invalidateQueries({ queryKey: KITCHEN_ORDERS }),
      onStatus: (message) => {
        if (message.status === "CONFIRMED" && !known.current.has(message.orderId)) {
          known.current.add(message.orderId);
          beep();
        }
        void queryClient.invalidateQueries({ queryKey: KITCHEN_ORDERS });
      },
    });
  }, [api, restaurantId, queryClient]);

  if (!restaurantId)
    return (
      <ErrorNotice
        error={new Error("The kitchen screen is for restaurant staff. Sign in with your kitchen account.")}
        title="Not a kitchen account"
      />
    );
  return (
    <div className="mx-auto max-w-5xl">
      <PageTitle
        action={
          <span className="text-sm text-stone-600" data-testid="kitchen-connection" data-state={connection}>
            {connection === "live" ? "Live" : "Connecting…"}
          </span>
        }
      >
        Kitchen
      </PageTitle>
      <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
        <section aria-label="Orders">
          {orders.isPending ? <Spinner label="Loading orders…" /> : null}
          {orders.error ? <ErrorNotice error={orders.error} title="Could not load the orders" /> : null}
          {orders.data && orders.data.items.length === 0 ? (
            <p className="text-stone-700">No orders right now.</p>
          ) : null}
          <ul className="grid gap-3 sm:grid-cols-2">
            {orders.data?.items.map((order) => (
              <OrderCard key={order.id} order={order} />
            ))}
          </ul>
        </section>
        <aside className="flex flex-col gap-4">
          <Card className="p-4">
            <h2 className="mb-2 font-semibold">Menu</h2>
            <Availability restaurantId={restaurantId} />
          </Card>
          <Card className="p-4">
            <h2 className="mb-2 font-semibold">Opening hours</h2>
            <Hours restaurantId={restaurantId} />
          </Card>
        </aside>
      </div>
    </div>
  );
}
