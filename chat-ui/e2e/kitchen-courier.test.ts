import { shortOrderId } from "@ustbites/contracts";
import { DEMO_ACCOUNTS } from "@ustbites/platform";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { orderOneDish, signUp, useBrowser } from "./browser.ts";

const { newPage } = useBrowser();
const TABLET = { width: 1024, height: 768 } as const;

const account = (email: string) => {
  const found = DEMO_ACCOUNTS.find((a) => a.email === email);
  if (!found) throw new Error(`no demo account ${email}`);
  return found;
};

/** Opens a staff screen signed out: the app asks to sign in, then comes back to it. */
async function signInAt(page: Page, path: string, email: string) {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(account(email).password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`${path}$`));
}

const statusIs = (page: Page, status: string) =>
  page.locator(`[data-testid="order-status"][data-status="${status}"]`).waitFor({ timeout: 30_000 });

describe("a student, a kitchen and a courier side by side", () => {
  it("moves one order through all three screens live: accept, ready, picked up, delivered", async () => {
    const courier = await newPage();
    const kitchen = await newPage(TABLET);
    const student = await newPage();
    try {
      // The courier and the kitchen are signed in first: the simulators leave them their work.
      await signInAt(courier.page, "/courier", "courier.kaho@ustbites.local");
      await courier.page.getByRole("heading", { name: "My deliveries" }).waitFor();
      await signInAt(kitchen.page, "/kitchen", "kitchen.canton@ustbites.local");
      await kitchen.page.locator('[data-testid="kitchen-connection"][data-state="live"]').waitFor();

      await signUp(student.page);
      const orderId = await orderOneDish(student.page, "canton-kitchen", "Soy Sauce Chicken Rice");
      const short = shortOrderId(orderId);
      await statusIs(student.page, "CONFIRMED");

      // The order arrives on the kitchen screen by itself, and waits there for a person.
      const ticket = kitchen.page.locator(`li[data-order="${short}"][data-status="CONFIRMED"]`);
      await ticket.waitFor();
      // Longer than the simulated kitchen would wait (KITCHEN_AUTO_ACCEPT_MS=1000 here): still the kitchen's call.
      await student.page.waitForTimeout(2000);
      expect(await student.page.locator('[data-testid="order-status"]').getAttribute("data-status")).toBe("CONFIRMED");
      await ticket.getByLabel("Minutes until ready").fill("10");
      await ticket.getByRole("button", { name: "Accept" }).click();
      await statusIs(student.page, "PREPARING");

      // The courier sees the job, but cannot collect it before the kitchen is done.
      const job = courier.page.locator(`li[data-order="${short}"]`);
      await job.waitFor();
      expect(await job.getByRole("button", { name: "Not ready yet" }).isDisabled()).toBe(true);

      await kitchen.page
        .locator(`li[data-order="${short}"][data-status="PREPARING"]`)
        .getByRole("button", { name: "Ready for pickup" })
        .click();
      await statusIs(student.page, "READY_FOR_PICKUP");

      await job.getByRole("button", { name: "Picked up" }).click();
      await statusIs(student.page, "PICKED_UP");
      await job.getByRole("button", { name: "Delivered" }).click();
      await statusIs(student.page, "DELIVERED");
      // The kitchen's list no longer has it once it left.
      await kitchen.page.locator(`li[data-order="${short}"]`).waitFor({ state: "detached" });
    } finally {
      await Promise.all([courier.context.close(), kitchen.context.close(), student.context.close()]);
    }
  });
});
