import type { OrderPage } from "@ustbites/contracts";
import { describe, expect, it } from "vitest";
import { apiAs, openVegetarianChoice, say, signUp, turnOver, useBrowser } from "./browser.ts";

const { baseUrl, newPage } = useBrowser();

describe("ordering in the chat", () => {
  it("orders a dish asked for in words, approved in the confirmation card, tracked to DELIVERED and listed in the history", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const dish = items[0]!;
    const { context, page } = await newPage();
    try {
      await signUp(page);
      await say(page, `find ${dish.name}`);
      await page.getByRole("button", { name: `Add ${dish.name} to cart` }).click();
      await page.getByRole("button", { name: "Cart, 1 item" }).waitFor();

      await say(page, "check out, deliver to Hall 5");
      const card = page.getByTestId("confirmation-card");
      await card.waitFor();
      expect(await card.innerText()).toContain(dish.name);
      await card.getByRole("button", { name: /^Approve/ }).click();

      const tracking = page.getByTestId("tracking-card");
      await tracking.locator('[data-testid="order-status"][data-status="DELIVERED"]').waitFor({ timeout: 60_000 });
      expect(await tracking.locator('li[data-reached="true"]').count()).toBe(6);
      // The agent names the order the way the app does, so the student can find it in the history.
      const reply = await page.getByText(/Your order is placed! Order [0-9a-f]{8}/).innerText();
      const shortId = /Order ([0-9a-f]{8})/.exec(reply)![1]!;

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
      const orders = page.getByRole("list", { name: "Orders" });
      await orders.waitFor();
      expect(await orders.getByRole("listitem").count()).toBe(1);
      const entry = await orders.getByRole("listitem").first().innerText();
      expect(entry).toContain(restaurant.name);
      expect(entry).toContain("Delivered");
      expect(entry).toContain(`Order ${shortId}`);
    } finally {
      await context.close();
    }
  });

  it("changes the order from the confirmation card, confirms again, and places what was changed", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const dish = items[0]!;
    const { context, page } = await newPage();
    try {
      await signUp(page);
      await say(page, `add two ${dish.name} from ${restaurant.name}`);
      await page.getByRole("button", { name: "Cart, 2 items" }).waitFor();
      await turnOver(page);
      await say(page, "check out, deliver to Hall 5");
      const first = page.getByTestId("confirmation-card").first();
      await first.getByRole("button", { name: "Change" }).click();
      await first.getByLabel("What should change?").fill(`make it 3 ${dish.name}`);
      await first.getByRole("button", { name: "Send change" }).click();
      await first.getByText("Changes asked").waitFor();

      const second = page.getByTestId("confirmation-card").nth(1);
      await second.waitFor();
      expect(await second.innerText()).toMatch(new RegExp(`3\\s*×\\s*${dish.name}`));
      await second.getByRole("button", { name: /^Approve/ }).click();
      await page.getByTestId("tracking-card").waitFor();

      const orders = await apiAs<OrderPage>(page, baseUrl, "/api/order/orders");
      expect(orders.items.map((o) => o.items.map((i) => [i.name, i.quantity]))).toEqual([[[dish.name, 3]]]);
    } finally {
      await context.close();
    }
  });

  it("places no order when the student cancels at the confirmation", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const { context, page } = await newPage();
    try {
      await signUp(page);
      await say(page, `add two ${items[0]!.name} from ${restaurant.name}`);
      await page.getByRole("button", { name: "Cart, 2 items" }).waitFor();
      await turnOver(page);
      await say(page, "check out, deliver to Hall 5");
      const card = page.getByTestId("confirmation-card");
      await card.getByRole("button", { name: "Cancel" }).click();
      await card.getByText("Declined").waitFor();
      await turnOver(page);

      const orders = await apiAs<OrderPage>(page, baseUrl, "/api/order/orders");
      expect(orders.total).toBe(0);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
      await page.getByText("No orders yet.").waitFor();
    } finally {
      await context.close();
    }
  });
});
