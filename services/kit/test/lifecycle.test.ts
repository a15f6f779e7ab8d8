import { describe, expect, it } from "vitest";
import { createLogger, createService, startService } from "../src/index.ts";

const log = createLogger("kit-lifecycle", "silent");

describe("startService", () => {
  it("releases what start-up had opened, newest first, when a later step fails", async () => {
    const released: string[] = [];
    const failing = startService(log, async (resources) => {
      resources.hold("database", (name) => released.push(name));
      resources.hold("bus", (name) => released.push(name));
      throw new Error("the broker refused us");
    });
    await expect(failing).rejects.toThrow("the broker refused us");
    expect(released).toEqual(["bus", "database"]);
  });

  it("releases everything once the app has closed, exactly once however often close() is called", async () => {
    const released: string[] = [];
    const service = await startService(log, async (resources) => {
      resources.hold("database", (name) => released.push(name));
      const app = resources.app(await createService({ name: "kit-lifecycle", logLevel: "silent" }));
      resources.hold("relay", (name) => released.push(name));
      return { app, address: await app.listen({ host: "127.0.0.1", port: 0 }) };
    });
    expect((await fetch(`${service.address}/healthz`)).status).toBe(200);
    await Promise.all([service.close(), service.close()]);
    await service.close();
    expect(released).toEqual(["relay", "database"]);
    await expect(fetch(`${service.address}/healthz`)).rejects.toThrow();
  });

  it("keeps releasing the rest when one release fails", async () => {
    const released: string[] = [];
    const service = await startService(log, async (resources) => {
      resources.hold("database", (name) => released.push(name));
      resources.hold("bus", () => {
        throw new Error("already gone");
      });
      const app = resources.app(await createService({ name: "kit-lifecycle", logLevel: "silent" }));
      return { app, address: await app.listen({ host: "127.0.0.1", port: 0 }) };
    });
    await service.close();
    expect(released).toEqual(["database"]);
  });
});
