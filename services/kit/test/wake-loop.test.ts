import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startWakeLoop } from "../src/wake-loop.ts";

describe("startWakeLoop", () => {
  it("sleeps until the due instant a pass reports, not on a fixed tick", async () => {
    const passes: number[] = [];
    const started = Date.now();
    const loop = startWakeLoop({
      pass: async () => {
        passes.push(Date.now() - started);
        // Due 150 ms after the first pass, then nothing more.
        return passes.length === 1 ? new Date(started + 150) : null;
      },
      minSleepMs: 5,
      maxSleepMs: 10_000,
      onError: () => {},
    });
    try {
      await sleep(400);
      expect(passes).toHaveLength(2);
      expect(passes[1]).toBeGreaterThanOrEqual(140);
    } finally {
      await loop.stop();
    }
  });

  it("runs one more pass for any number of kicks during a pass, and none after stop", async () => {
    let passes = 0;
    let release: () => void = () => {};
    const loop = startWakeLoop({
      pass: async () => {
        passes++;
        if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
        return null;
      },
      minSleepMs: 5,
      maxSleepMs: 10_000,
      onError: () => {},
    });
    await sleep(20);
    loop.kick();
    loop.kick();
    loop.kick();
    release();
    await sleep(50);
    expect(passes).toBe(2);
    await loop.stop();
    loop.kick();
    await sleep(20);
    expect(passes).toBe(2);
  });

  it("reports a failed pass and tries again after the longest sleep", async () => {
    const errors: unknown[] = [];
    const passes: number[] = [];
    const started = Date.now();
    const loop = startWakeLoop({
      pass: async () => {
        passes.push(Date.now() - started);
        if (passes.length === 1) throw new Error("database went away");
        return null;
      },
      minSleepMs: 5,
      maxSleepMs: 150,
      onError: (err) => errors.push(err),
    });
    try {
      await expect.poll(() => passes.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(errors).toEqual([new Error("database went away")]);
      expect(passes[1]).toBeGreaterThanOrEqual(145);
    } finally {
      await loop.stop();
    }
  });
});
