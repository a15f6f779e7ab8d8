import { describe, expect, it } from "vitest";
import { passHatK, suitePassHatK } from "../../src/scorers/pass-k.ts";

describe("pass^k as tau-bench defines it", () => {
  it("with n = k trials, is 1 only when every trial passed", () => {
    expect(passHatK(3, 3, 3)).toBe(1);
    expect(passHatK(3, 2, 3)).toBe(0);
  });

  it("estimates from more trials than k: C(c, k) / C(n, k)", () => {
    expect(passHatK(4, 2, 2)).toBeCloseTo(1 / 6);
    expect(passHatK(4, 3, 1)).toBeCloseTo(0.75);
    expect(passHatK(5, 4, 3)).toBeCloseTo(4 / 10);
  });

  it("averages over the suite's tasks, and is never more than pass^1", () => {
    const tasks = [
      { trials: 3, successes: 3 },
      { trials: 3, successes: 2 },
      { trials: 3, successes: 0 },
    ];
    expect(suitePassHatK(tasks, 3)).toBeCloseTo(1 / 3);
    expect(suitePassHatK(tasks, 1)).toBeCloseTo(5 / 9);
    expect(suitePassHatK(tasks, 2)).toBeLessThanOrEqual(suitePassHatK(tasks, 1));
  });

  it("rejects a k it cannot estimate", () => {
    expect(() => passHatK(2, 1, 3)).toThrow(RangeError);
    expect(() => passHatK(2, 3, 1)).toThrow(RangeError);
  });
});
