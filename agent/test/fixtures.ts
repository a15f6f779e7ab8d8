import type { OrderConfirmation } from "@ustbites/contracts";

/** The summary a scripted place_order shows for confirmation: one Mango Lassi to Hall 5. */
export const LASSI_ORDER: OrderConfirmation = {
  kind: "place_order",
  restaurantName: "Spice Route",
  items: [{ name: "Mango Lassi", quantity: 1, notes: null, lineTotalCents: 2800 }],
  subtotalCents: 2800,
  deliveryFeeCents: 1000,
  totalCents: 3800,
  deliveryAddress: { building: "Hall 5", room: null, instructions: null },
  paymentMethod: "card entered at confirmation",
};
