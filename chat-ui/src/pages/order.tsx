import { isCancellableStatus, shortOrderId, type OrderStatus } from "@ustbites/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { keys, useDelivery, useOrder } from "../api/queries.ts";
import { useApp } from "../app-context.tsx";
import { Button, Card, ErrorNotice, Spinner } from "../components/ui.tsx";
import { formatAddress, formatDateTime } from "../format.ts";
import { OrderSummary } from "../components/order-summary.tsx";
import { StatusTimeline } from "../orders/timeline.tsx";
import { useOrderTimeline } from "../orders/use-order-timeline.ts";

/** From the restaurant accepting on, a courier is (or is about to be) assigned. */
const COURIER_STATUSES: OrderStatus[] = ["PREPARING", "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED"];

/**
 * The courier, once one is assigned (delivery-service answers 404 before that). `seq` moves on with
 * every change, the courier's assignment included (it leaves the status as it is), so it refetches then.
 */
export function CourierLine({
  orderId,
  status,
  seq,
}: {
  orderId: string;
  status: OrderStatus | undefined;
  seq: number;
}) {
  const assigned = status !== undefined && COURIER_STATUSES.includes(status);
  const delivery = useDelivery(orderId, assigned);
  const refetch = delivery.refetch;
  useEffect(() => {
    if (assigned) void refetch();
  }, [assigned, seq, refetch]);
  if (!delivery.data)
    return (
      <p className="min-h-5 text-sm text-stone-600">
        {assigned ? "" : "A courier is assigned once the restaurant accepts."}
      </p>
    );
  const { courier } = delivery.data;
  return (
    <p className="min-h-5 text-sm text-stone-700">
      Courier: <span className="font-medium">{courier.name}</span> ({courier.vehicle}, {courier.phone})
    </p>
  );
}

export function OrderPage() {
  const { id = "" } = useParams();
  const { endpoints } = useApp();
  const order = useOrder(id);
  const timeline = useOrderTimeline(id);
  const queryClient = useQueryClient();
  const status = timeline.events.at(-1)?.status ?? order.data?.status;
  const cancel = useMutation({
    mutationFn: () => endpoints.orders.cancel(id, {}),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.order(id), updated);
      void queryClient.invalidateQueries({ queryKey: keys.orders });
    },
  });

  if (order.isPending) return <Spinner label="Loading the order…" />;
  if (order.error) return <ErrorNotice error={order.error} title="Could not load this order" />;
  const data = order.data;

  return (
    <>
      <Link to="/orders" className="mb-3 inline-flex min-h-10 items-center gap-1 text-sm font-medium text-brand-700">
        <ArrowLeft aria-hidden="true" className="size-4" /> All orders
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{data.restaurantName}</h1>
      <p className="mb-4 text-sm text-stone-700">
        Order {shortOrderId(data.id)} · placed {formatDateTime(data.createdAt)}
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <Card className="p-4">
          <h2 className="mb-3 font-semibold">Live status</h2>
          <StatusTimeline timeline={timeline} />
          <div className="mt-3">
            <CourierLine orderId={id} status={status} seq={timeline.events.at(-1)?.seq ?? 0} />
          </div>
          {timeline.error ? <p className="mt-2 text-sm text-red-700">{timeline.error}</p> : null}
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Details</h2>
          <OrderSummary
            lines={data.items}
            subtotalCents={data.subtotalCents}
            deliveryFeeCents={data.deliveryFeeCents}
            totalCents={data.totalCents}
          >
            <dt>Deliver to</dt>
            <dd className="text-right">{formatAddress(data.deliveryAddress)}</dd>
            {data.paymentLast4 ? (
              <>
                <dt>Paid with</dt>
                <dd className="text-right">card ending {data.paymentLast4}</dd>
              </>
            ) : null}
          </OrderSummary>
          {data.failureReason ? (
            <p className="mt-2 text-sm text-red-800">{data.failureReason.replace(/_/g, " ")}</p>
          ) : null}
          {status && isCancellableStatus(status) ? (
            <div className="mt-3">
              <Button variant="danger" size="sm" busy={cancel.isPending} onClick={() => cancel.mutate()}>
                Cancel order
              </Button>
              {cancel.error ? (
                <div className="mt-2">
                  <ErrorNotice error={cancel.error} title="Could not cancel" />
                </div>
              ) : null}
            </div>
          ) : null}
        </Card>
      </div>
    </>
  );
}
