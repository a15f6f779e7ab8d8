import { CAMPUS_TIME_ZONE, type DeliveryAddress, type OrderStatus } from "@ustbites/contracts";

export { formatCents } from "@ustbites/contracts";

export const STATUS_LABELS: Record<OrderStatus, string> = {
  PENDING: "Placed",
  CONFIRMED: "Paid, waiting for the restaurant",
  PREPARING: "Preparing",
  READY_FOR_PICKUP: "Ready for pickup",
  PICKED_UP: "Picked up",
  DELIVERED: "Delivered",
  REJECTED: "Rejected by the restaurant",
  PAYMENT_FAILED: "Payment failed",
  CANCELLED: "Cancelled",
};

/** The happy path, in order: what a timeline shows as steps. */
export const DELIVERY_STEPS: OrderStatus[] = [
  "PENDING",
  "CONFIRMED",
  "PREPARING",
  "READY_FOR_PICKUP",
  "PICKED_UP",
  "DELIVERED",
];

/** Where an order ended without being delivered. */
export const isFailedStatus = (status: OrderStatus): boolean =>
  status === "CANCELLED" || status === "PAYMENT_FAILED" || status === "REJECTED";

export function statusTone(status: OrderStatus): "green" | "amber" | "red" | "brand" {
  if (status === "DELIVERED") return "green";
  if (isFailedStatus(status)) return "red";
  if (status === "PENDING" || status === "CONFIRMED") return "amber";
  return "brand";
}

const timeFormat = new Intl.DateTimeFormat("en-HK", { hour: "2-digit", minute: "2-digit", timeZone: CAMPUS_TIME_ZONE });
const dateTimeFormat = new Intl.DateTimeFormat("en-HK", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: CAMPUS_TIME_ZONE,
});
const clockFormat = new Intl.DateTimeFormat("en-HK", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZone: CAMPUS_TIME_ZONE,
});

/** Campus-local wall-clock time, e.g. "12:45". */
export const formatTime = (iso: string) => timeFormat.format(new Date(iso));
/** Campus-local time to the second, e.g. "12:45:07" (traces: what happened when). */
export const formatClock = (epochMs: number) => clockFormat.format(new Date(epochMs));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));

export const formatAddress = (address: DeliveryAddress) => [address.building, address.room].filter(Boolean).join(", ");

export const SPICE_LABELS = ["Not spicy", "Mild", "Medium", "Hot"] as const;
