import { z } from "zod";
import { IsoDateTime, Uuid } from "./common.ts";

export const DeliveryStatus = z
  .enum(["ASSIGNED", "PICKED_UP", "DELIVERED", "CANCELLED"])
  .describe("Where a delivery stands: ASSIGNED → PICKED_UP → DELIVERED, or CANCELLED with its order.");
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Vehicle = z.enum(["bike", "scooter", "foot"]).describe("How the courier travels.");
export type Vehicle = z.infer<typeof Vehicle>;

export const Courier = z.object({
  id: Uuid.describe("The courier's id."),
  name: z.string().describe("The courier's first name, e.g. 'Ka Ho'."),
  vehicle: Vehicle,
  phone: z.string().describe("The courier's phone number, masked except the last four digits, e.g. '+852 ****5678'."),
});
export type Courier = z.infer<typeof Courier>;

export const DeliveryHistoryEntry = z.object({
  status: DeliveryStatus,
  at: IsoDateTime.describe("When the delivery entered this status."),
});
export type DeliveryHistoryEntry = z.infer<typeof DeliveryHistoryEntry>;

/** The body of GET /deliveries/:orderId (tracking). */
export const Delivery = z.object({
  orderId: Uuid.describe("The order being delivered."),
  courier: Courier.describe("The courier delivering the order."),
  status: DeliveryStatus,
  assignedAt: IsoDateTime.describe("When the courier was assigned."),
  pickedUpAt: IsoDateTime.nullable().describe("When the courier picked the food up, or null."),
  deliveredAt: IsoDateTime.nullable().describe("When it was delivered, or null."),
  eta: IsoDateTime.nullable().describe("Expected delivery time, or null once delivered or cancelled."),
  history: z.array(DeliveryHistoryEntry).describe("Every status change, oldest first."),
});
export type Delivery = z.infer<typeof Delivery>;

/** A courier as anyone may see them (GET /couriers): no phone number. */
export const PublicCourier = Courier.omit({ phone: true });
export type PublicCourier = z.infer<typeof PublicCourier>;

/** The body of GET /couriers. */
export const CourierList = z.object({
  items: z.array(PublicCourier).describe("Every courier of the campus fleet, by name."),
});
export type CourierList = z.infer<typeof CourierList>;

/** A delivery as its courier sees it (GET /courier/deliveries): where to collect, where to drop off. */
export const CourierAssignment = z.object({
  orderId: Uuid.describe("The order being delivered."),
  shortId: z.string().describe("The id as people read it (last 8 hex digits), as on the bag."),
  status: DeliveryStatus,
  ready: z.boolean().describe("Whether the kitchen has said the food is ready; pick up only then."),
  restaurantName: z.string().describe("Where to collect it."),
  pickupBuilding: z.string().describe("The restaurant's building."),
  dropoff: z
    .object({
      building: z.string().describe("The building to deliver to."),
      room: z.string().nullable().describe("Room, floor or flat, or null."),
      instructions: z.string().nullable().describe("The student's directions, or null."),
    })
    .describe("Where the student is."),
  assignedAt: IsoDateTime.describe("When it was assigned to you."),
  eta: IsoDateTime.nullable().describe("When it is expected at the door, or null once done."),
});
export type CourierAssignment = z.infer<typeof CourierAssignment>;

export const CourierAssignmentList = z.object({
  items: z
    .array(CourierAssignment)
    .describe("Your open deliveries (oldest first), then the last ten you finished or that were cancelled."),
});
export type CourierAssignmentList = z.infer<typeof CourierAssignmentList>;
