import { PhoneNumber } from "@ustbites/contracts";
import { describe, expect, it } from "vitest";
import { toE164 } from "../src/phone.ts";

describe("toE164", () => {
  it("turns the ways students write a number into one the API accepts", () => {
    for (const typed of ["9123 4567", "91234567", "+852 9123-4567", "(+852) 9123 4567", " +85291234567 "]) {
      expect(toE164(typed), typed).toBe("+85291234567");
      expect(PhoneNumber.safeParse(toE164(typed)).success).toBe(true);
    }
  });

  it("means no phone when left empty, and leaves a wrong number for the API to reject", () => {
    expect(toE164("   ")).toBeUndefined();
    expect(PhoneNumber.safeParse(toE164("1234")).success).toBe(false);
  });
});
