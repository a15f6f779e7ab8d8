import type { NotificationPage } from "@ustbites/contracts";
import { describe, expect, it } from "vitest";
import { apiAs, openVegetarianChoice, orderOneDish, signUp, useBrowser } from "./browser.ts";

const { baseUrl, newPage } = useBrowser();

describe("SMS updates", () => {
  it("signs up with a mobile number, changes it on the account page, and gets pick-up and delivery texts at the new one", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const { context, page } = await newPage();
    try {
      await signUp(page, { phone: "9123 4567" });
      await page.getByRole("link", { name: /^Account/ }).click();
      const phone = page.getByLabel("Mobile number");
      expect(await phone.inputValue()).toBe("+85291234567");

      await phone.fill("6123-9876");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("status").getByText("Saved.").waitFor();
      expect(await phone.inputValue()).toBe("6123-9876");
      await phone.fill("12");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("international format").waitFor();

      const orderId = await orderOneDish(page, restaurant.slug, items[0]!.name);
      await page.locator('[data-testid="order-status"][data-status="DELIVERED"]').waitFor({ timeout: 60_000 });

      const deadline = Date.now() + 60_000;
      let texts: NotificationPage["items"] = [];
      while (Date.now() < deadline) {
        texts = (
          await apiAs<NotificationPage>(page, baseUrl, `/api/notification/notifications?orderId=${orderId}&channel=sms`)
        ).items;
        if (texts.filter((n) => n.status === "SENT").length === 2) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(texts.map((n) => [n.template, n.to, n.status]).sort()).toEqual([
        ["order_delivered", "****9876", "SENT"],
        ["order_picked_up", "****9876", "SENT"],
      ]);
    } finally {
      await context.close();
    }
  });
});
