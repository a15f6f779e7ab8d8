import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("the gateway serving the built app", () => {
  it("serves index.html for app routes with no-cache, and hashed assets for a year", async () => {
    const index = await fetch(`${baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const asset = /\/assets\/[\w.-]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();

    const deepLink = await fetch(`${baseUrl}/orders/0195f3c2-7a10-7000-8000-000000000001`);
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get("cache-control")).toBe("no-cache");
    expect(await deepLink.text()).toBe(html);

    const script = await fetch(`${baseUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(script.headers.get("content-type")).toContain("javascript");
  });

  it("answers unknown API paths and missing assets with a 404 problem, never the app", async () => {
    for (const path of ["/api/nowhere/at-all", "/assets/missing-abc123.js"]) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("sends its security headers with the app and publishes no source maps", async () => {
    const index = await fetch(`${baseUrl}/`);
    expect(index.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(index.headers.get("x-content-type-options")).toBe("nosniff");
    expect(index.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const asset = /\/assets\/[\w.-]+\.js/.exec(await index.text())?.[0];
    const script = await (await fetch(`${baseUrl}${asset}`)).text();
    expect(script).not.toMatch(/sourceMappingURL/);
    expect((await fetch(`${baseUrl}${asset}.map`)).status).toBe(404);
  });
});
