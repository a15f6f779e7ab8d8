import { z } from "zod";
import { IsoDateTime, PaginationQuery, Uuid, page } from "./common.ts";

export const NotificationChannel = z.enum(["email", "sms"]).describe("How a notification is sent; SMS is simulated.");
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationStatus = z
  .enum(["PENDING", "SENT", "FAILED"])
  .describe(
    "PENDING while it waits to be sent (or retried), SENT once handed to the mail server or SMS provider, FAILED after the last attempt.",
  );
export type NotificationStatus = z.infer<typeof NotificationStatus>;

export const NotificationTemplate = z
  .enum([
    "order_confirmed",
    "order_payment_failed",
    "order_cancelled",
    "order_rejected",
    "courier_assigned",
    "order_picked_up",
    "order_delivered",
    "payment_refunded",
  ])
  .describe("Which message was sent.");
export type NotificationTemplate = z.infer<typeof NotificationTemplate>;

export const Notification = z.object({
  id: Uuid.describe("The notification's id."),
  userId: Uuid.describe("The student it was sent to."),
  orderId: Uuid.nullable().describe("The order it is about, or null."),
  channel: NotificationChannel,
  template: NotificationTemplate,
  to: z.string().describe("The recipient, masked, e.g. 's***@connect.ust.hk' or '+852 ****5678'."),
  subject: z.string().nullable().describe("The email subject, or null for SMS."),
  body: z.string().describe("The text that was sent."),
  status: NotificationStatus,
  error: z.string().nullable().describe("Why the last attempt failed, or null."),
  createdAt: IsoDateTime.describe("When it was sent (or attempted)."),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = PaginationQuery.extend({
  orderId: Uuid.optional().describe("Only notifications about this order."),
  channel: NotificationChannel.optional().describe("Only notifications sent on this channel."),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationPage = page(Notification);
export type NotificationPage = z.infer<typeof NotificationPage>;
