import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthResponse, Restaurant } from "@ustbites/contracts";
import { startPlatformProcess, type RunningPlatform } from "./helpers.ts";

let dataDir: string;
let platform: RunningPlatform;
const email = `smoke${Date.now()}@connect.ust.hk`;
const password = "char-siu-rice-at-lg7";

const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${platform.gatewayUrl}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "ustbites-smoke-"));
  platform = await startPlatformProcess({ DATA_DIR: dataDir });
});

afterAll(async () => {
  if (platform?.child.exitCode === null) await platform.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start in embedded mode, through the gateway", () => {
  it("logs each embedded default it chose", () => {
    const text = platform.logs.join("\n");
    expect(text).toContain("embedded PGlite");
  });

  it("registers, signs in, browses and searches", async () => {
    const registered = await api<AuthResponse>("/api/user/auth/register", {
      method: "POST",
      body: JSON.stringify({ email, password, name: "Smoke Test" }),
    });
    expect(registered.status).toBe(201);

    const login = await api<AuthResponse>("/api/user/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const me = await api<{ email: string }>("/api/user/me", {
      headers: { authorization: `Bearer ${login.body.tokens.accessToken}` },
    });
    expect(me.body.email).toBe(email);

    const list = await api<{ items: Restaurant[]; total: number }>("/api/restaurant/restaurants?limit=50");
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(12);

    const search = await api<{ items: { name: string }[] }>("/api/restaurant/items?q=biryni");
    expect(search.status).toBe(200);
    expect(search.body.items.map((i) => i.name.toLowerCase()).join(" ")).toContain("biryani");
  });

  it("keeps what was written across a restart, and shuts down cleanly on SIGTERM", async () => {
    expect(await platform.stop()).toBe(0);
    platform = await startPlatformProcess({ DATA_DIR: dataDir });
    const login = await api<AuthResponse>("/api/user/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const list = await api<{ total: number }>("/api/restaurant/restaurants");
    expect(list.body.total).toBeGreaterThanOrEqual(12);
    // A second embedded start: as slow as the first (hookTimeout), not a one-minute test.
  }, 240_000);
});
