import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskEmail, maskPhone } from "../src/domain/mask.ts";
import { draftsFor, type Contact } from "../src/domain/templates.ts";
import {
  deliveryEvent,
  newStudent,
  orderCancelled,
  orderConfirmed,
  orderCreated,
  orderPaymentFailed,
  paymentRefunded,
  statusChanged,
} from "./events.ts";

const student = newStudent("Mei");
const contact: Contact = { email: student.email, name: "Mei", phone: null };
const withPhone: Contact = { ...contact, phone: "+852 9123 5678" };

describe("templates", () => {
  it("order confirmed lists the items, the totals in HK$, the restaurant and the delivery address", () => {
    const [email, ...rest] = draftsFor(orderConfirmed(student), student.userId, contact);
    expect(rest).toEqual([]);
    expect(email).toMatchObject({ channel: "email", template: "order_confirmed", recipient: student.email });
    expect(email?.subject).toBe("Order confirmed: Spice Route, HK$132.00");
    expect(email?.text).toContain("Hi Mei,");
    expect(email?.text).toContain("2 × Paneer Wrap (no onions): HK$96.00");
    expect(email?.text).toContain("1 × Mango Lassi: HK$28.00");
    expect(email?.text).toContain("Delivery fee: HK$8.00");
    expect(email?.text).toContain("Total charged: HK$132.00");
    expect(email?.text).toContain("Delivering to Hall 5, room 5/F 512 (call at the lobby).");
    expect(email?.html).toContain("<li>2 × Paneer Wrap (no onions): HK$96.00</li>");
  });

  it("escapes what people typed, so an item name cannot inject markup into the HTML email", () => {
    const event = orderConfirmed(student);
    event.payload.items[0]!.name = `<img src=x onerror="alert(1)">`;
    const [email] = draftsFor(event, student.userId, contact);
    expect(email?.html).not.toContain("<img");
    expect(email?.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("order.created and order.status_changed produce no message", () => {
    const orderId = randomUUID();
    expect(draftsFor(orderCreated(student, orderId), student.userId, contact)).toEqual([]);
    expect(draftsFor(statusChanged(student, orderId, "CONFIRMED", 2), student.userId, contact)).toEqual([]);
  });

  it("payment failed names the reason and the amount", () => {
    const [email] = draftsFor(orderPaymentFailed(student), student.userId, contact);
    expect(email?.template).toBe("order_payment_failed");
    expect(email?.text).toContain("We could not charge HK$132.00 for your order from Spice Route (insufficient funds)");
  });

  it("a restaurant's rejection tells the student the restaurant's reason and that the payment is refunded", () => {
    const event = orderCancelled(student, randomUUID(), true);
    event.payload.by = "restaurant";
    event.payload.reason = "Out of naan tonight";
    const [email, ...rest] = draftsFor(event, student.userId, contact);
    expect(rest).toEqual([]);
    expect(email).toMatchObject({ template: "order_rejected", subject: "Spice Route could not take your order" });
    expect(email?.text).toContain('Sorry: Spice Route could not make your order. They said: "Out of naan tonight"');
    expect(email?.text).toContain("Your payment of HK$132.00 is being refunded");
  });

  it("a cancellation says whether the payment is refunded", () => {
    const orderId = randomUUID();
    expect(draftsFor(orderCancelled(student, orderId, true), student.userId, contact)[0]?.text).toContain(
      "Your payment of HK$132.00 is being refunded",
    );
    expect(draftsFor(orderCancelled(student, orderId, false), student.userId, contact)[0]?.text).toContain(
      "You have not been charged",
    );
  });

  it("delivery progress names the courier and the ETA in campus time", () => {
    const orderId = randomUUID();
    const [assigned] = draftsFor(deliveryEvent("delivery.assigned", student, orderId), student.userId, contact);
    expect(assigned?.subject).toBe("Ka Ho will deliver your order");
    expect(assigned?.text).toContain("Ka Ho (bike) is your courier. It should arrive around 12:45.");
    const [delivered] = draftsFor(deliveryEvent("delivery.delivered", student, orderId), student.userId, contact);
    expect(delivered?.text).toContain("Ka Ho delivered your order at 12:30.");
  });

  it("sends an SMS only for pick-up and delivery, and only to a student with a phone", () => {
    const orderId = randomUUID();
    const channels = (type: Parameters<typeof deliveryEvent>[0], c: Contact) =>
      draftsFor(deliveryEvent(type, student, orderId), student.userId, c).map((d) => d.channel);
    expect(channels("delivery.picked_up", contact)).toEqual(["email"]);
    expect(channels("delivery.picked_up", withPhone)).toEqual(["email", "sms"]);
    expect(channels("delivery.delivered", withPhone)).toEqual(["email", "sms"]);
    expect(channels("delivery.assigned", withPhone)).toEqual(["email"]);
    const sms = draftsFor(deliveryEvent("delivery.picked_up", student, orderId), student.userId, withPhone)[1];
    expect(sms).toMatchObject({
      recipient: "+852 9123 5678",
      subject: null,
      html: null,
      text: "USTBites: Ka Ho picked up your order, arriving around 12:45.",
    });
  });

  it("one message per order, template and channel; a refund is keyed by its own id", () => {
    const orderId = randomUUID();
    const fromDelivery = draftsFor(deliveryEvent("delivery.delivered", student, orderId), student.userId, contact)[0];
    expect(fromDelivery?.dedupeKey).toBe(`${orderId}:order_delivered:email`);
    const refund = paymentRefunded(student, orderId);
    const [email] = draftsFor(refund, student.userId, contact);
    expect(email?.dedupeKey).toBe(`refund:${refund.payload.refundId}:payment_refunded:email`);
    expect(email?.subject).toBe("Refund issued: HK$132.00");
  });

  it("masks addresses and numbers for the record", () => {
    expect(maskEmail("chan.tai.man@connect.ust.hk")).toBe("c***@connect.ust.hk");
    expect(maskPhone("+852 9123 5678")).toBe("+852 ****5678");
    expect(maskPhone("91235678")).toBe("****5678");
  });
});
