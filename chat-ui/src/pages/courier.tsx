import type { CourierAssignment } from "@ustbites/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApp, useSession } from "../app-context.tsx";
import { Badge, Button, Card, ErrorNotice, PageTitle, Spinner } from "../components/ui.tsx";
import { formatTime } from "../format.ts";

const COURIER_DELIVERIES = ["courier", "deliveries"] as const;
/** Polling keeps the list fresh and tells delivery-service the courier is signed in (seen within 30 s). */
const POLL_MS = 3000;

function AssignmentCard({ assignment }: { assignment: CourierAssignment }) {
  const { endpoints } = useApp();
  const queryClient = useQueryClient();
  const step = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: COURIER_DELIVERIES }),
  });
  const { dropoff } = assignment;
  return (
    <li data-order={assignment.shortId} data-status={assignment.status}>
      <Card className="p-4">
        <div className="mb-1 flex items-center justify-between gap-2">
          <span className="font-semibold">#{assignment.shortId}</span>
          <Badge
            tone={assignment.status === "DELIVERED" ? "green" : assignment.status === "CANCELLED" ? "red" : "brand"}
          >
            {assignment.status === "ASSIGNED"
              ? assignment.ready
                ? "Ready to collect"
                : "Being prepared"
              : assignment.status.replace("_", " ").toLowerCase()}
          </Badge>
        </div>
        <p className="text-sm">
          Collect at <span className="font-medium">{assignment.restaurantName}</span> ({assignment.pickupBuilding})
        </p>
        <p className="text-sm">
          Deliver to <span className="font-medium">{[dropoff.building, dropoff.room].filter(Boolean).join(", ")}</span>
          {dropoff.instructions ? <span className="block text-stone-700">“{dropoff.instructions}”</span> : null}
        </p>
        {assignment.eta ? (
          <p className="text-sm text-stone-700">Expected at the door {formatTime(assignment.eta)}</p>
        ) : null}
        <div className="mt-3">
          {assignment.status === "ASSIGNED" ? (
            <Button
              className="w-full"
              disabled={!assignment.ready}
              busy={step.isPending}
              onClick={() => step.mutate(() => endpoints.courier.pickedUp(assignment.orderId))}
            >
              {assignment.ready ? "Picked up" : "Not ready yet"}
            </Button>
          ) : null}
          {assignment.status === "PICKED_UP" ? (
            <Button
              className="w-full"
              busy={step.isPending}
              onClick={() => step.mutate(() => endpoints.courier.delivered(assignment.orderId))}
            >
              Delivered
            </Button>
          ) : null}
        </div>
        {step.error ? (
          <div className="mt-2">
            <ErrorNotice error={step.error} title="That did not work" />
          </div>
        ) : null}
      </Card>
    </li>
  );
}

/** The courier screen (phone): my assignments, picked up, delivered. Couriers only. */
export function CourierPage() {
  const session = useSession();
  const { endpoints } = useApp();
  const isCourier = session?.user.role === "courier";
  const deliveries = useQuery({
    queryKey: COURIER_DELIVERIES,
    queryFn: () => endpoints.courier.list(),
    enabled: isCourier,
    refetchInterval: POLL_MS,
  });
  if (!isCourier)
    return (
      <ErrorNotice
        error={new Error("The courier screen is for couriers. Sign in with your courier account.")}
        title="Not a courier account"
      />
    );
  return (
    <div className="mx-auto max-w-md">
      <PageTitle>My deliveries</PageTitle>
      {deliveries.isPending ? <Spinner label="Loading your deliveries…" /> : null}
      {deliveries.error ? <ErrorNotice error={deliveries.error} title="Could not load your deliveries" /> : null}
      {deliveries.data && deliveries.data.items.length === 0 ? (
        <p className="text-stone-700">Nothing to deliver right now.</p>
      ) : null}
      <ul className="flex flex-col gap-3">
        {deliveries.data?.items.map((assignment) => (
          <AssignmentCard key={assignment.orderId} assignment={assignment} />
        ))}
      </ul>
    </div>
  );
}
