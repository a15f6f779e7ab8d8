import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkout, openVegetarianChoice, orderOneDish, signUp, useBrowser } from "./browser.ts";

const { baseUrl, newPage } = useBrowser();

const statusIs = (page: Page, status: string, timeout = 60_000) =>
  page.locator(`[data-testid="order-status"][data-status="${status}"]`).waitFor({ timeout });

describe("the classic app", () => {
  it("browses, filters vegetarian, adds two dishes, checks out and follows the live timeline to DELIVERED", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const { context, page } = await newPage();
    try {
      await signUp(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Restaurants" }).click();
      await page.getByRole("button", { name: "vegetarian" }).click();
      await page.waitForURL(/tag=vegetarian/);
      await page.getByRole("link", { name: new RegExp(restaurant.name) }).click();
      await page.getByRole("heading", { name: restaurant.name, level: 1 }).waitFor();
      await page.getByRole("group", { name: "Dietary filter" }).getByRole("button", { name: "vegetarian" }).click();
      for (const item of items.slice(0, 2)) {
        await page.getByRole("button", { name: `Add ${item.name}` }).click();
        await page.getByText(`Added ${item.name} to your cart.`).waitFor();
      }
      await page.getByRole("button", { name: "Cart, 2 items" }).waitFor();

      await checkout(page);
      await statusIs(page, "DELIVERED");
      expect(await page.locator('li[data-reached="true"]').count()).toBe(6);
    } finally {
      await context.close();
    }
  });

  it("resumes the timeline after a reload mid-delivery without missing a status", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const { context, page } = await newPage();
    try {
      await signUp(page);
      await orderOneDish(page, restaurant.slug, items[0]!.name);
      await page.locator('li[data-step="CONFIRMED"][data-reached="true"]').waitFor({ timeout: 20_000 });
      const before = await page.locator('[data-testid="order-status"]').getAttribute("data-status");
      expect(before).not.toBe("DELIVERED");

      await page.reload();
      await statusIs(page, "DELIVERED");
      const steps = page.locator('ol[aria-label="Order progress"] > li');
      expect(await steps.count()).toBe(6);
      expect(await page.locator('li[data-reached="true"]').count()).toBe(6);
    } finally {
      await context.close();
    }
  });

  it("keeps following the order when the phone loses its connection mid-delivery, and catches up after", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const { context, page } = await newPage();
    try {
      await signUp(page);
      await orderOneDish(page, restaurant.slug, items[0]!.name);
      await page.getByText("Live", { exact: true }).waitFor();

      await context.setOffline(true);
      await page.getByText("Reconnecting…").waitFor();
      await new Promise((r) => setTimeout(r, 3000));
      await context.setOffline(false);

      await statusIs(page, "DELIVERED");
      expect(await page.locator('li[data-reached="true"]').count()).toBe(6);
    } finally {
      await context.close();
    }
  });
});
