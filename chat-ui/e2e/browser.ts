import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

/** Debian's chromium; `.ci/run` installs it when missing. Flags from notes/services.md. */
const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

export const PHONE = { width: 375, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** Where screenshots go (gitignored): chat-ui/test-results/screenshots/<name>-<phone|desktop>.png. */
export const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS });

/**
 * A test file's browser: one Chromium launched before its tests and closed after, the platform's
 * address (from global-setup), and a fresh context per test so each starts signed out.
 */
export function useBrowser() {
  const baseUrl = inject("baseUrl");
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    baseUrl,
    newPage: (viewport: { width: number; height: number } = PHONE) => {
      if (!browser) throw new Error("the browser is not launched yet");
      return newPage(browser, baseUrl, viewport);
    },
  };
}

async function newPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, reducedMotion: "reduce" });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { context, page };
}

export async function screenshot(page: Page, name: string, viewport: "phone" | "desktop"): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}-${viewport}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Signs up a new student through the form; every test gets its own account, so its own cart and orders. */
export async function signUp(page: Page, opts: { phone?: string } = {}): Promise<{ email: string; password: string }> {
  const email = `student-${randomUUID().slice(0, 8)}@connect.ust.hk`;
  const password = "Tamarind-Monsoon-42";
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Chan Tai Man");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  if (opts.phone) await page.getByLabel("Mobile number").fill(opts.phone);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "What would you like to eat?" }).waitFor();
  return { email, password };
}

/** Cart drawer → Checkout → Hall 5 with the test card → the order page; returns the order id. */
export async function checkout(page: Page): Promise<string> {
  await page.getByRole("button", { name: /^Cart, / }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Checkout" }).click();
  await page.getByLabel("Building").fill("Hall 5");
  await page.getByLabel("Room or floor (optional)").fill("5/F 512");
  await page.getByRole("button", { name: /^Place order/ }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1)!;
}

/** Opens a restaurant's menu, adds one dish and checks out; returns the order id. */
export async function orderOneDish(page: Page, restaurantSlug: string, dishName: string): Promise<string> {
  await page.goto(`/restaurants/${restaurantSlug}`);
  await page.getByRole("button", { name: `Add ${dishName}` }).click();
  await page.getByRole("button", { name: "Cart, 1 item" }).waitFor();
  return checkout(page);
}

interface CatalogueItem {
  id: string;
  name: string;
  restaurantName: string;
  restaurantId: string;
  available: boolean;
  tags: string[];
}

/**
 * A restaurant that is open right now with two vegetarian dishes on sale. Opening hours are real
 * (campus time), so tests choose what is open instead of naming a restaurant that may be closed.
 */
export async function openVegetarianChoice(
  baseUrl: string,
): Promise<{ restaurant: { id: string; name: string; slug: string }; items: CatalogueItem[] }> {
  const restaurants = (await (
    await fetch(`${baseUrl}/api/restaurant/restaurants?openNow=true&tag=vegetarian&limit=50`)
  ).json()) as {
    items: { id: string; name: string; slug: string }[];
  };
  for (const restaurant of restaurants.items) {
    const page = (await (
      await fetch(
        `${baseUrl}/api/restaurant/items?restaurantId=${restaurant.id}&tag=vegetarian&availableOnly=true&limit=50`,
      )
    ).json()) as {
      items: CatalogueItem[];
    };
    // Plain names: the offline model reads a dish name from the sentence.
    const items = page.items.filter((item) => /^[A-Za-z' -]+$/.test(item.name));
    if (items.length >= 2) return { restaurant, items };
  }
  throw new Error("no restaurant is open now with two vegetarian dishes (campus hours); these tests need one");
}

/**
 * An access token for the page's signed-in student. The app keeps its own in memory only, so this asks
 * user-service as another tab of the same browser would: through the refresh cookie with a CSRF
 * token, holding the app's refresh lock (tabs refresh one at a time, see src/api/client.ts).
 */
export async function accessToken(page: Page): Promise<string> {
  return page.evaluate(() =>
    navigator.locks.request("ustbites.session.refresh", async () => {
      const { csrfToken } = (await (await fetch("/api/user/auth/csrf")).json()) as { csrfToken: string };
      const response = await fetch("/api/user/auth/refresh", {
        method: "POST",
        headers: { "x-csrf-token": csrfToken },
      });
      if (!response.ok) throw new Error(`not signed in: the refresh answered ${response.status}`);
      return ((await response.json()) as { tokens: { accessToken: string } }).tokens.accessToken;
    }),
  );
}

/** Calls the platform as the signed-in student (for arranging and checking state, not for what is under test). */
export async function apiAs<T>(
  page: Page,
  baseUrl: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${await accessToken(page)}`,
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Types into the chat composer and sends. */
export async function say(page: Page, text: string): Promise<void> {
  // The composer does not send while a turn is still streaming (Enter is ignored then): wait for the
  // previous turn to end as a person would, or a loaded machine drops the message.
  await turnOver(page);
  await page.getByLabel("Message the assistant").fill(text);
  await page.keyboard.press("Enter");
}

/** Waits until the assistant's turn is over (the Send button is back). */
export async function turnOver(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Send" }).waitFor();
}
