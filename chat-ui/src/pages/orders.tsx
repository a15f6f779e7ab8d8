import { shortOrderId } from "@ustbites/contracts";
import { ChevronRight } from "lucide-react";
import { Link } from "react-router";
import { useOrders } from "../api/queries.ts";
import { Badge, Card, ErrorNotice, PageTitle, Spinner } from "../components/ui.tsx";
import { formatCents, formatDateTime, STATUS_LABELS, statusTone } from "../format.ts";

export function OrdersPage() {
  const orders = useOrders();
  return (
    <>
      <PageTitle>Your orders</PageTitle>
      {orders.isPending ? <Spinner label="Loading your orders…" /> : null}
      {orders.error ? <ErrorNotice error={orders.error} title="Could not load your orders" /> : null}
      {orders.data && orders.data.items.length === 0 ? (
        <p className="text-stone-700">
          No orders yet.{" "}
          <Link to="/" className="font-medium text-brand-700 underline">
            Ask the assistant
          </Link>{" "}
          or{" "}
          <Link to="/restaurants" className="font-medium text-brand-700 underline">
            browse restaurants
          </Link>
          .
        </p>
      ) : null}
      {orders.data && orders.data.items.length > 0 ? (
        <ul aria-label="Orders" className="flex flex-col gap-2">
          {orders.data.items.map((order) => (
            <li key={order.id}>
              <Card>
                <Link to={`/orders/${order.id}`} className="flex items-center gap-3 rounded-xl p-4 hover:bg-stone-50">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-semibold">{order.restaurantName}</span>
                      <Badge tone={statusTone(order.status)}>{STATUS_LABELS[order.status]}</Badge>
                    </div>
                    <p className="truncate text-sm text-stone-700">
                      {order.items.map((i) => `${i.quantity}× ${i.name}`).join(", ")}
                    </p>
                    <p className="text-xs text-stone-600">
                      Order {shortOrderId(order.id)} · {formatDateTime(order.createdAt)} ·{" "}
                      {formatCents(order.totalCents)}
                    </p>
                  </div>
                  <ChevronRight aria-hidden="true" className="size-5 text-stone-500" />
                </Link>
              </Card>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
