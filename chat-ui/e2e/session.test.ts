import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signUp, useBrowser } from "./browser.ts";

const { baseUrl, newPage } = useBrowser();
const WELCOME = { name: "What would you like to eat?" } as const;

/** The refresh cookie as the browser would send it: only to the auth path. */
const refreshCookie = async (context: BrowserContext) =>
  (await context.cookies(`${baseUrl}/api/user/auth/refresh`)).find((c) => c.name === "ustbites_refresh");

/** Everything a script in the page can read: both storages (keys and values) and document.cookie. */
const readableByScripts = (page: Page) =>
  page.evaluate(() => {
    const dump = (storage: Storage) =>
      Object.entries({ ...storage })
        .flat()
        .join("\n");
    return { localStorage: dump(localStorage), sessionStorage: dump(sessionStorage), cookie: document.cookie };
  });

describe("the session in the browser", () => {
  it("keeps the access token in memory and the refresh token where no script reaches it, and a reload keeps the student signed in", async () => {
    const { context, page } = await newPage();
    try {
      const registered = page.waitForResponse((r) => r.url().endsWith("/api/user/auth/register"));
      await signUp(page);
      const { tokens } = (await (await registered).json()) as {
        tokens: { accessToken: string; refreshToken?: string };
      };
      expect(tokens.refreshToken).toBeUndefined();

      // Chromium kept the Secure cookie on plain http://127.0.0.1 (a secure context), as the server set it.
      const cookie = await refreshCookie(context);
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/api/user/auth" });

      const visible = await readableByScripts(page);
      for (const secret of [tokens.accessToken, cookie!.value]) {
        expect(visible.localStorage).not.toContain(secret);
        expect(visible.sessionStorage).not.toContain(secret);
        expect(visible.cookie).not.toContain(secret);
      }
      expect(visible.cookie).not.toContain("ustbites_refresh");
      expect(`${visible.localStorage}${visible.sessionStorage}`).not.toMatch(/eyJ[\w-]+\.eyJ/);

      // Each full load restores the session from the cookie, and each restore spends it. Reloading while
      // the first restore is still in flight (a loaded machine) sends the spent cookie, which the server
      // takes for a stolen one and ends the session: so the page is let finish loading first.
      await page.goto("/orders");
      await page.getByRole("heading", { name: "Your orders" }).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "Your orders" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/orders");
      // The reload spent the cookie and got a new one.
      expect((await refreshCookie(context))?.value).not.toBe(cookie!.value);
    } finally {
      await context.close();
    }
  });

  it("cannot be refreshed or ended by another site's page", async () => {
    const { context, page } = await newPage();
    try {
      await signUp(page);
      const before = (await refreshCookie(context))!.value;

      // The attacker's own server; as http://localhost it is another site than http://127.0.0.1. Its
      // pages post a form to the platform, the classic cross-site request forgery.
      const attacker = createServer((request, response) => {
        const target = `${baseUrl}/api/user/auth/${request.url === "/logout" ? "logout" : "refresh"}`;
        response
          .writeHead(200, { "content-type": "text/html" })
          .end(`<form method="post" action="${target}"></form><script>document.forms[0].submit()</script>`);
      });
      await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
      try {
        const evil = await context.newPage();
        for (const path of ["refresh", "logout"]) {
          const answered = evil.waitForResponse((r) => r.url().endsWith(`/api/user/auth/${path}`));
          await evil.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/${path}`);
          // Refused before any cookie is read: a form cannot send JSON (415); without JSON no token counts.
          expect((await answered).status()).toBe(415);
        }
      } finally {
        attacker.close();
      }

      expect((await refreshCookie(context))?.value).toBe(before);
      await page.reload();
      await page.getByRole("heading", WELCOME).waitFor();
    } finally {
      await context.close();
    }
  });

  it("signs in a new tab through the cookie, and signing out in one tab signs out both and clears the cookie", async () => {
    const { context, page } = await newPage();
    try {
      await signUp(page);
      expect(await refreshCookie(context)).toBeDefined();
      const other = await context.newPage();
      await other.goto("/orders");
      await other.getByRole("heading", { name: "Your orders" }).waitFor();

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await other.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(await refreshCookie(context)).toBeUndefined();
      await page.reload();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
    } finally {
      await context.close();
    }
  });
});
