import { AxeBuilder } from "@axe-core/playwright";
import type { Order } from "@ustbites/contracts";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  apiAs,
  DESKTOP,
  openVegetarianChoice,
  PHONE,
  say,
  screenshot,
  signUp,
  turnOver,
  useBrowser,
} from "./browser.ts";

const { baseUrl, newPage } = useBrowser();

/** Serious or critical WCAG 2.x A/AA violations on the page as it is now, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function check(page: Page, name: string, viewport: "phone" | "desktop", problems: string[]) {
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, name, viewport);
  for (const violation of await seriousViolations(page)) problems.push(`${name} (${viewport}): ${violation}`);
}

describe.each([
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const)("main screens at %s width", (viewport, size) => {
  it("are screenshotted and have no serious accessibility violations", async () => {
    const { restaurant, items } = await openVegetarianChoice(baseUrl);
    const { context, page } = await newPage(size);
    const problems: string[] = [];
    try {
      await page.goto("/signin");
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await check(page, "sign-in", viewport, problems);

      await signUp(page);
      await check(page, "chat-welcome", viewport, problems);
      await say(page, `find ${items[0]!.name}`);
      await page.getByRole("button", { name: `Add ${items[0]!.name} to cart` }).waitFor();
      await turnOver(page);
      await check(page, "chat-results", viewport, problems);

      await page.goto("/restaurants");
      await page.getByRole("list", { name: "Restaurants" }).waitFor();
      await check(page, "restaurants", viewport, problems);

      await page.goto(`/restaurants/${restaurant.slug}`);
      await page.getByRole("heading", { name: restaurant.name, level: 1 }).waitFor();
      await page.getByRole("button", { name: `Add ${items[0]!.name}` }).click();
      await page.getByRole("button", { name: "Cart, 1 item" }).waitFor();
      await check(page, "menu", viewport, problems);

      await page.getByRole("button", { name: "Cart, 1 item" }).click();
      await page.getByRole("list", { name: "Cart items" }).waitFor();
      await check(page, "cart", viewport, problems);
      await page.getByRole("button", { name: "Close cart" }).click();

      await page.goto("/checkout");
      await page.getByRole("button", { name: /^Place order/ }).waitFor();
      await check(page, "checkout", viewport, problems);

      const order = await apiAs<Order>(page, baseUrl, "/api/order/orders", {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        body: {
          deliveryAddress: { building: "Hall 5" },
          payment: { number: "4242424242424242", expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: "123" },
        },
      });
      await page.goto(`/orders/${order.id}`);
      await page.locator('[data-testid="order-status"][data-status="DELIVERED"]').waitFor({ timeout: 60_000 });
      await check(page, "order-detail", viewport, problems);

      await page.goto("/orders");
      await page.getByRole("list", { name: "Orders" }).waitFor();
      await check(page, "orders", viewport, problems);

      await page.goto("/account");
      await page.getByRole("heading", { name: "Account" }).waitFor();
      await check(page, "account", viewport, problems);
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
