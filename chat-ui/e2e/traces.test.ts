import { AxeBuilder } from "@axe-core/playwright";
import { DEMO_ACCOUNTS } from "@ustbites/platform";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessToken, openVegetarianChoice, PHONE, say, screenshot, signUp, useBrowser } from "./browser.ts";

const { baseUrl, newPage } = useBrowser();

const ADMIN = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
/** Tall enough that the screenshot (docs/observability-trace.png) shows the order from the gateway to its first consumers. */
const TRACE_VIEW = { width: 1280, height: 1500 } as const;

interface Row {
  spanId: string;
  parent: string;
  depth: number;
  service: string;
  kind: string;
  name: string;
}

/** The waterfall as drawn: one entry per row, in screen order. */
const rowsOf = (page: Page): Promise<Row[]> =>
  page.locator("tr[data-span-id]").evaluateAll((trs) =>
    trs.map((tr) => {
      const el = tr as HTMLElement;
      return {
        spanId: el.dataset.spanId!,
        parent: el.dataset.parentSpanId!,
        depth: Number(el.dataset.depth),
        service: el.dataset.service!,
        kind: el.dataset.kind!,
        name: el.querySelector("[title]")!.getAttribute("title")!,
      };
    }),
  );

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("the admin trace page", () => {
  it("draws the trace of an order placed in the chat: gateway, order, payment, outbox relay and publish, consumers; students are not allowed", async () => {
    const { items } = await openVegetarianChoice(baseUrl);
    const dish = items[0]!;
    const student = await newPage();
    const admin = await newPage(TRACE_VIEW);
    try {
      await signUp(student.page);
      await say(student.page, `find ${dish.name}`);
      await student.page.getByRole("button", { name: `Add ${dish.name} to cart` }).click();
      await student.page.getByRole("button", { name: "Cart, 1 item" }).waitFor();
      await say(student.page, "check out, deliver to Hall 5");
      await student.page
        .getByTestId("confirmation-card")
        .getByRole("button", { name: /^Approve/ })
        .click();
      // Delivered: every consumer of the order's events has run, in the order's trace.
      await student.page
        .getByTestId("tracking-card")
        .locator('[data-testid="order-status"][data-status="DELIVERED"]')
        .waitFor({ timeout: 60_000 });

      // A student has no Traces entry, is told the page is not for them, and the API refuses too.
      const studentNav = student.page.getByRole("navigation", { name: "Main" }).first();
      expect(await studentNav.getByRole("link").allInnerTexts()).toEqual(["Chat", "Restaurants", "Orders"]);
      await student.page.goto("/admin/traces");
      await student.page.getByRole("heading", { name: "Not allowed" }).waitFor();
      expect(await student.page.locator("li[data-trace-id]").count()).toBe(0);
      const refused = await fetch(`${baseUrl}/api/user/admin/traces`, {
        headers: { authorization: `Bearer ${await accessToken(student.page)}` },
      });
      expect(refused.status).toBe(403);

      // The admin signs in at "/" and lands on Traces, the admin's home.
      const { page } = admin;
      await page.goto("/");
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/admin\/traces$/);
      const nav = page.getByRole("navigation", { name: "Main" }).first();
      expect(await nav.getByRole("link").allInnerTexts()).toEqual(["Traces", "Restaurants"]);
      expect(await page.getByRole("button", { name: /^Cart/ }).count()).toBe(0);

      // The order's trace is the newest one that reached payment-service (tests run one at a time).
      const traces = page.getByRole("list", { name: "Traces" });
      const trace = traces.getByRole("listitem").filter({ hasText: "payment" }).first();
      const summary = await trace.innerText();
      for (const service of ["gateway", "agent", "order", "payment", "delivery", "notification"])
        expect(summary).toContain(service);
      expect(summary).toContain("POST /api/agent/*");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "traces", "desktop");
      await trace.getByRole("link").click();
      await page.getByRole("table").waitFor();

      const rows = await rowsOf(page);
      const byId = new Map(rows.map((r) => [r.spanId, r]));
      const find = (service: string, kind: string, name: string) => {
        const row = rows.find((r) => r.service === service && r.kind === kind && r.name === name);
        if (!row) throw new Error(`no ${kind} span ${name} of ${service} in the waterfall`);
        return row;
      };
      const parentOf = (row: Row) => byId.get(row.parent);
      const ancestors = (row: Row): Row[] => {
        const parent = parentOf(row);
        return parent ? [parent, ...ancestors(parent)] : [];
      };
      // Every row sits one step deeper than its parent, and below it.
      for (const [index, row] of rows.entries()) {
        const parent = parentOf(row);
        expect(row.depth).toBe(parent ? parent.depth + 1 : 0);
        if (parent) expect(rows.indexOf(parent)).toBeLessThan(index);
      }

      const edge = find("gateway", "server", "POST /api/agent/*");
      expect(edge.depth).toBe(0);
      expect(parentOf(find("agent", "server", "POST /chat/resume"))).toBe(edge);
      const placed = find("order", "server", "POST /orders");
      expect(ancestors(placed)).toContain(edge);
      const charged = find("payment", "server", "POST /payments");
      expect(parentOf(charged)).toMatchObject({ service: "order", kind: "client", name: "POST payment" });
      expect(parentOf(parentOf(charged)!)).toBe(placed);
      const relay = find("order", "internal", "outbox relay order.created");
      expect(parentOf(relay)).toBe(placed);
      const publish = find("order", "producer", "publish order.created");
      expect(parentOf(publish)).toBe(relay);
      expect(parentOf(find("notification", "consumer", "process order.created"))).toMatchObject({
        kind: "producer",
        name: "publish order.created",
      });
      // The kitchen acts in the order's trace, so delivery's consumer hangs under the order too.
      const assigned = find("delivery", "consumer", "process order.accepted");
      expect(parentOf(assigned)).toMatchObject({ kind: "producer", name: "publish order.accepted" });
      expect(ancestors(assigned)).toContain(placed);
      expect(ancestors(find("notification", "consumer", "process delivery.delivered"))).toContain(placed);

      // A row opens to show its attributes.
      const paymentRow = page.locator(`tr[data-span-id="${charged.spanId}"]`);
      await paymentRow.getByRole("button").click();
      expect(await paymentRow.getByRole("button").getAttribute("aria-expanded")).toBe("true");
      const details = page.locator(`#span-${charged.spanId}`);
      expect(await details.innerText()).toMatch(/http\.route\s+\/payments/);
      expect(await seriousViolations(page)).toEqual([]);
      await paymentRow.getByRole("button").click();
      await details.waitFor({ state: "detached" });

      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, "trace", "desktop");

      // On a phone the waterfall scrolls sideways inside its own region; the page itself does not.
      await page.setViewportSize(PHONE);
      const region = page.getByRole("region", { name: /Waterfall/ });
      expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
      await screenshot(page, "trace", "phone");
    } finally {
      await student.context.close();
      await admin.context.close();
    }
  });
});
